// A name for an element of the participant's web UI: what the profile's `ui.selectors` declare and `ui` steps write
// instead of the CSS. Its own module, as the profile and the step both need it and the step registry must not import
// the profile (which imports the scenario loader, which imports the registry).
export const UI_SELECTOR_NAME = /^[A-Za-z][\w-]*$/;
