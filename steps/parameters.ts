// Parameter types shared by the steps.
import { defineParameterType } from '@cucumber/cucumber';

/** `m01, m02 and m03`, `a, b, c`, `m01 and m02`, `m01`. */
defineParameterType({
  name: 'nodeList',
  regexp: /[a-z0-9][-a-z0-9.]*(?:(?:, ?| and )[a-z0-9][-a-z0-9.]*)*/,
  transformer: (s: string) => s.split(/, ?| and /),
  useForSnippets: false,
});
