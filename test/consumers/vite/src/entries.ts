// What `tsc` (skipLibCheck: false) checks: the public types of every browser
// entry, with only react, react-dom, @xterm/xterm and @xterm/addon-fit
// installed. A public type that needs a package the README does not list for
// that entry (say @xterm/addon-search, or @novnc/novnc for the vnc types)
// fails here.
export type * from 'sandbox-elements';
export type * from 'sandbox-elements/terminal';
export type * from 'sandbox-elements/vnc';
export type * from 'sandbox-elements/preview-bridge';
