/**
 * Strings to and from UTF-32 code points, for `'u'` arrays, as `Array.from(text)` splits
 * them: a surrogate pair is one code point, a lone surrogate stays a code point of its own.
 */

/** The number of code points of `text`. */
export function codePointCount(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    if (text.codePointAt(index)! > 0xffff) index++;
    count++;
  }
  return count;
}

/** Writes the code points of `text` to `target` from index 0; returns how many. */
export function encodeUtf32(text: string, target: Uint32Array): number {
  let position = 0;
  for (let index = 0; index < text.length; index++) {
    // codePointAt joins a surrogate pair and returns a lone surrogate as it is.
    const codePoint = text.codePointAt(index)!;
    if (codePoint > 0xffff) index++;
    target[position++] = codePoint;
  }
  return position;
}

/**
 * The string of the code points of `source` up to its first 0 (NUL), or all of them.
 * @throws RangeError for a value that is not a code point (above 0x10FFFF).
 */
export function decodeUtf32(source: Uint32Array): string {
  let text = '';
  for (let index = 0; index < source.length; index++) {
    const codePoint = source[index];
    if (codePoint === 0) break;
    text += String.fromCodePoint(codePoint);
  }
  return text;
}
