/**
 * Python's `repr` of simple values, for `toString` and `util.inspect` of shared objects:
 * `c_int(5)`, `c_double(1.0)`, `c_char(b'a')`, `c_bool(True)`.
 */
import type { AnySimpleType } from './memoryAccess.js';

function floatRepr(value: number): string {
  // Where Python writes no exponent, its repr and JavaScript's are the same shortest digits,
  // except that Python gives integral values a ".0".
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    return Number.isInteger(value) ? `${value}.0` : `${value}`;
  }
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const shown = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const exponentSign = exponent < 0 ? '-' : '+';
    return `${sign}${shown}e${exponentSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const integerPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${integerPart}.${fraction || '0'}`;
}

/** Python's `repr` of a `bytes` value: `b'a\x00'`. */
export function bytesRepr(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    if (byte === 0x5c) text += '\\\\';
    else if (byte === 0x27) text += "\\'";
    else if (byte === 0x09) text += '\\t';
    else if (byte === 0x0a) text += '\\n';
    else if (byte === 0x0d) text += '\\r';
    else if (byte >= 0x20 && byte < 0x7f) text += String.fromCharCode(byte);
    else text += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `b'${text}'`;
}

/** Python's `repr` of a one-character string. */
function stringRepr(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Python's `repr` of `value` read from a `type` value. */
export function valueRepr(type: AnySimpleType, value: unknown): string {
  switch (type.storage) {
    case 'float32':
    case 'float64':
      return floatRepr(value as number);
    case 'bool':
      return value ? 'True' : 'False';
    case 'char':
      return bytesRepr(value as Uint8Array);
    case 'wchar':
      return stringRepr(value as string);
    default:
      return String(value);
  }
}

/** Python's `repr` of a simple ctypes instance: `c_int(5)`. */
export function simpleRepr(type: AnySimpleType, value: unknown): string {
  return `${type.name}(${valueRepr(type, value)})`;
}
