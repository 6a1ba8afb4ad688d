// The names under which the steps' hooks attach the scenario's timeline and events, which the
// Allure formatter recognises to show them in the scenario's description.
export const TIMELINE_FILE_NAME = 'timeline.svg';
export const EVENTS_FILE_NAME = 'events.csv';
