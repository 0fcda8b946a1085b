"""ctypes types as the plain data that handles carry, the same in both languages: a simple
type is its name (``'c_int'``), an array ``{"element": ..., "length": n}``, a structure
``{"name": ..., "pack": n, "fields": [[name, type], ...]}``. Layouts are the C layouts of
64-bit Linux in both.

``ctypes.c_longlong`` is ``ctypes.c_long`` there (and ``c_ulonglong`` is ``c_ulong``), so a
ctypes type is described as ``c_long``; the typecodes ``'q'`` and ``'Q'`` are described as
``c_longlong`` and ``c_ulonglong``, as in TypeScript.
"""

import ctypes
import json
import re
import weakref

SIMPLE_TYPES = {
    'c_char': ctypes.c_char,
    'c_wchar': ctypes.c_wchar,
    'c_byte': ctypes.c_byte,
    'c_ubyte': ctypes.c_ubyte,
    'c_short': ctypes.c_short,
    'c_ushort': ctypes.c_ushort,
    'c_int': ctypes.c_int,
    'c_uint': ctypes.c_uint,
    'c_long': ctypes.c_long,
    'c_ulong': ctypes.c_ulong,
    'c_longlong': ctypes.c_longlong,
    'c_ulonglong': ctypes.c_ulonglong,
    'c_float': ctypes.c_float,
    'c_double': ctypes.c_double,
    'c_bool': ctypes.c_bool,
}

TYPECODES = {
    'c': 'c_char', 'u': 'c_wchar', 'b': 'c_byte', 'B': 'c_ubyte', 'h': 'c_short',
    'H': 'c_ushort', 'i': 'c_int', 'I': 'c_uint', 'l': 'c_long', 'L': 'c_ulong',
    'q': 'c_longlong', 'Q': 'c_ulonglong', 'f': 'c_float', 'd': 'c_double',
}

# Later entries win: c_longlong is c_long, and is described as c_long.
_NAME_OF_SIMPLE = {ctype: name for name, ctype in reversed(list(SIMPLE_TYPES.items()))}

MAX_DEPTH = 128
MAX_PACK = 2**31 - 1
_IDENTIFIER = re.compile(r'[A-Za-z_$][A-Za-z0-9_$]*\Z')
_ACCEPTED = ('one of the typecodes ' + ', '.join(repr(code) for code in TYPECODES)
             + ', a ctypes type such as ctypes.c_int, an array type or a Structure')

# Structure classes built from descriptions, by their JSON; each knows its description.
_built = weakref.WeakValueDictionary()


def to_json(value):
    """JSON text as JavaScript's JSON.stringify writes it: no spaces, keys in order."""
    return json.dumps(value, separators=(',', ':'), ensure_ascii=False)


def resolve(typecode_or_type):
    """The ctypes type and description of a typecode or ctypes type.

    Raises TypeError for anything else (naming what is accepted).
    """
    if isinstance(typecode_or_type, str):
        name = TYPECODES.get(typecode_or_type)
        if name is None:
            raise TypeError(f'expected {_ACCEPTED}, got {typecode_or_type!r}')
        return SIMPLE_TYPES[name], name
    return typecode_or_type, describe(typecode_or_type)


def describe(ctype, depth=0):
    """The description of a ctypes type.

    Raises TypeError for a type that has none: pointers, unions, bit fields, other byte
    orders, ``c_longdouble``, a structure whose fields the description would lay out
    differently (fields inherited from a base structure), and anything that is not a type.
    """
    if depth >= MAX_DEPTH:
        raise ValueError(f'expected a type nested at most {MAX_DEPTH} deep')
    known = getattr(ctype, '_sharedctypes_description_', None)
    if known is not None and '_sharedctypes_description_' in vars(ctype):
        return known
    if isinstance(ctype, type) and ctype in _NAME_OF_SIMPLE:
        return _NAME_OF_SIMPLE[ctype]
    if isinstance(ctype, type) and issubclass(ctype, ctypes.Array):
        return {'element': describe(ctype._type_, depth + 1), 'length': ctype._length_}
    if isinstance(ctype, type) and issubclass(ctype, ctypes.Structure) and hasattr(
            ctype, '_fields_'):
        return _describe_structure(ctype, depth)
    raise TypeError(f'expected {_ACCEPTED}, got {ctype!r}')


def _describe_structure(ctype, depth):
    fields = []
    for field in ctype._fields_:
        if len(field) != 2:
            raise TypeError(f'expected a structure without bit fields, got {ctype.__name__} '
                            f'with the bit field {field[0]!r}')
        fields.append([field[0], describe(field[1], depth + 1)])
    description = {'name': ctype.__name__, 'pack': getattr(ctype, '_pack_', 0), 'fields': fields}
    try:
        rebuilt = from_description(description)
    except ValueError as error:
        raise TypeError(f'expected a structure that TypeScript can define: {error}') from None
    same_layout = ctypes.sizeof(rebuilt) == ctypes.sizeof(ctype) and all(
        getattr(rebuilt, name).offset == getattr(ctype, name).offset for name, _ in fields)
    if not same_layout:
        raise TypeError(f'expected a structure laid out by its own _fields_, got '
                        f'{ctype.__name__} (fields of a base structure cannot be described)')
    return description


def type_name(description):
    """The type's name as both languages show it: ``c_int``, ``c_int_Array_3``, ``Point``."""
    if isinstance(description, str):
        return description
    if 'element' in description:
        return f"{type_name(description['element'])}_Array_{description['length']}"
    return description['name']


def from_description(description, name='type', depth=0):
    """The ctypes type of a description received in a handle.

    Raises ValueError for anything that is not a valid description, or one that TypeScript's
    ``arrayOf`` or ``Structure`` would refuse.
    """
    if isinstance(description, str):
        ctype = SIMPLE_TYPES.get(description)
        if ctype is None:
            raise ValueError(f'expected {name} to be a ctypes type name, got {description!r}')
        return ctype
    if depth >= MAX_DEPTH:
        raise ValueError(f'expected {name} to be nested at most {MAX_DEPTH} deep')
    if not isinstance(description, dict):
        raise ValueError(f'expected {name} to be a type description, got {description!r}')
    if set(description) == {'element', 'length'}:
        element = from_description(description['element'], f'{name}.element', depth + 1)
        length = description['length']
        if type(length) is not int or length < 0:
            raise ValueError(f'expected {name}.length to be a non-negative integer, '
                             f'got {length!r}')
        try:
            return element * length
        except OverflowError:
            raise ValueError(f'expected {name}.length to give a representable size, '
                             f'got {length!r}') from None
    if set(description) == {'name', 'pack', 'fields'}:
        return _structure_from(description, name, depth)
    raise ValueError(f'expected {name} to have the keys element, length or name, pack, '
                     f'fields, got {sorted(description)}')


def _structure_from(description, name, depth):
    key = to_json(description)
    known = _built.get(key)
    if known is not None:
        return known
    struct_name, pack, fields = description['name'], description['pack'], description['fields']
    if not isinstance(struct_name, str) or not _IDENTIFIER.match(struct_name):
        raise ValueError(f'expected {name}.name to be an identifier, got {struct_name!r}')
    if type(pack) is not int or not 0 <= pack <= MAX_PACK:
        raise ValueError(f'expected {name}.pack to be an integer from 0 to {MAX_PACK}, '
                         f'got {pack!r}')
    if not isinstance(fields, list):
        raise ValueError(f'expected {name}.fields to be a list, got {fields!r}')
    built_fields = []
    for index, field in enumerate(fields):
        where = f'{name}.fields[{index}]'
        if not isinstance(field, list) or len(field) != 2:
            raise ValueError(f'expected {where} to be a [name, type] pair, got {field!r}')
        field_name = field[0]
        if not isinstance(field_name, str) or not _IDENTIFIER.match(field_name):
            raise ValueError(f'expected {where} to be named by an identifier, got '
                             f'{field_name!r}')
        if any(field_name == other for other, _ in built_fields):
            raise ValueError(f'expected {where} to be named once, got {field_name!r} again')
        built_fields.append((field_name, from_description(field[1], where, depth + 1)))
    namespace = {'_fields_': built_fields, '_sharedctypes_description_': description,
                 '__module__': 'sharedctypes'}
    if pack:
        # Python 3.14 wants the layout said with _pack_; before 3.14 it is a plain attribute.
        namespace.update(_pack_=pack, _layout_='ms')
    ctype = type(struct_name, (ctypes.Structure,), namespace)
    _built[key] = ctype
    return ctype
