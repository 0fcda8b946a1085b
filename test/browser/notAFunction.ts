/** A module whose default export is not a function: not a `Process` target. */
export default 42;
