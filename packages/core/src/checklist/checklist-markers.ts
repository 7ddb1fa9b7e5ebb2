// The block's markers on their own, so the step's checklist comment can be found
// (checklist-comment.ts) without loading the Markdown parser.

/** Opens the checklist block; everything the author writes outside the markers is left alone. */
export const CHECKLIST_START = '<!-- hands-off:checklist:start -->';
/** Closes the checklist block. */
export const CHECKLIST_END = '<!-- hands-off:checklist:end -->';
