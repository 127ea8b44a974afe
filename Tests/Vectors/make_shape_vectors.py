#!/usr/bin/env python3
"""Writes the "shapes" section of keys.json: the shape recipe's i-th key of chosen key types.

The recipe (Sources/PROTOCOL.md, "Key recipes") written out a third time, apart from both children
(Swift: MapCore's GoType+Leaves.swift; Go: Sources/go-peer/shape_keys.go), so that the vectors they
are checked against come from neither. Types are given as small trees beside their canonical text.
Run: python3 Tests/Vectors/make_shape_vectors.py (rewrites the section in place; other sections stay).
"""
import json
import os

WORD = 2 ** 64
INTEGERS = {'int8': (8, True), 'uint8': (8, False), 'int16': (16, True), 'uint16': (16, False),
            'int32': (32, True), 'uint32': (32, False), 'int64': (64, True), 'int': (64, True),
            'uint64': (64, False), 'uint': (64, False), 'uintptr': (64, False)}


def bijection(d):
    """The int64 recipe: multiply by an odd constant (wrapping), then xorshift by 29."""
    x = (d * 0x9E3779B97F4A7C15) % WORD
    return x ^ (x >> 29)


def leaves(tree):
    """The leaves of a type, depth first: ('bool',), ('int', bits, signed), ('float', bits), ('string',), ('ptr',)."""
    if isinstance(tree, str):
        if tree == 'bool':
            return [('bool',)]
        if tree in INTEGERS:
            return [('int',) + INTEGERS[tree]]
        if tree in ('float32', 'float64'):
            return [('float', int(tree[5:]))]
        if tree in ('complex64', 'complex128'):
            return [('float', int(tree[7:]) // 2)] * 2
        if tree == 'string':
            return [('string',)]
        if tree == 'ptr':
            return [('ptr',)]
        raise ValueError(tree)
    if tree[0] == 'array':
        return leaves(tree[2]) * tree[1]
    return [leaf for field in tree[1] for leaf in leaves(field)]


def radix(leaf):
    """A leaf's radix; None when it takes all that remains (2^64 or unbounded)."""
    if leaf[0] == 'bool':
        return 2
    if leaf[0] == 'int':
        return None if leaf[1] == 64 else 2 ** leaf[1]
    if leaf[0] == 'float':
        return 2 ** 24 if leaf[1] == 32 else 2 ** 53
    return None


def render(leaf, d):
    if leaf[0] == 'bool':
        return 'true' if d == 1 else 'false'
    if leaf[0] == 'int':
        bits, signed = leaf[1], leaf[2]
        x = bijection(d) if bits == 64 else d % 2 ** bits
        return str(x - 2 ** bits if signed and x >> (bits - 1) else x)
    if leaf[0] == 'float':
        return str(d)
    if leaf[0] == 'string':
        return 'key-%07d' % d
    return 'ptr'


def capacity(type_leaves):
    product = 1
    for leaf in type_leaves:
        r = radix(leaf)
        if r is None:
            return None
        product *= r
    return product if product < WORD else None


def key(type_leaves, i):
    out = []
    for leaf in type_leaves:
        r = radix(leaf)
        if r is None:
            out.append(render(leaf, i))
            i = 0
        else:
            out.append(render(leaf, i % r))
            i //= r
    return out


TYPES = [
    ('bool', 'bool'), ('int8', 'int8'), ('uint8', 'uint8'), ('int16', 'int16'), ('uint16', 'uint16'),
    ('int32', 'int32'), ('uint32', 'uint32'), ('uint64', 'uint64'), ('int', 'int'), ('uint', 'uint'),
    ('uintptr', 'uintptr'), ('float32', 'float32'), ('float64', 'float64'), ('complex64', 'complex64'),
    ('complex128', 'complex128'), ('[16]uint8', ('array', 16, 'uint8')), ('[2]uint8', ('array', 2, 'uint8')),
    ('[4]bool', ('array', 4, 'bool')), ('*int64', 'ptr'), ('unsafe.Pointer', 'ptr'),
    ('struct{a int8; b int64}', ('struct', ['int8', 'int64'])),
    ('struct{a int8; b int64; c int16}', ('struct', ['int8', 'int64', 'int16'])),
    ('struct{id int64; name string}', ('struct', ['int64', 'string'])),
    ('struct{id int64; name string; active bool}', ('struct', ['int64', 'string', 'bool'])),
    ('struct{a bool; b int16; c string}', ('struct', ['bool', 'int16', 'string'])),
    ('struct{x uint32; y uint32}', ('struct', ['uint32', 'uint32'])),
    ('struct{}', ('struct', [])),
    ('struct{a bool; b struct{}; c int8}', ('struct', ['bool', ('struct', []), 'int8'])),
    ('[2]struct{x int16; y bool}', ('array', 2, ('struct', ['int16', 'bool']))),
    ('struct{p *int8; n uint32}', ('struct', ['ptr', 'uint32'])),
]
INDEXES = [0, 1, 2, 3, 127, 128, 255, 256, 1000, 65535, 65536, 131071, 212000, 1000000, 16777215, 16777216,
           123456789, 4294967295, 4294967296, 99999999999, 1099511640000]
PER_TYPE = 10  # the 5 lowest and 5 highest indexes below the type's capacity


def vectors():
    out = []
    for text, tree in TYPES:
        type_leaves = leaves(tree)
        cap = capacity(type_leaves)
        chosen = [i for i in INDEXES if cap is None or i < cap]
        if len(chosen) > PER_TYPE:
            chosen = chosen[:PER_TYPE // 2] + chosen[-PER_TYPE // 2:]
        out += [{'type': text, 'i': i, 'leaves': key(type_leaves, i)} for i in chosen]
    return out


def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'keys.json')
    text = open(path).read()
    marker = ',\n "shapes": [\n'
    if marker in text:
        text = text[:text.index(marker)] + '\n}\n'
    head = text.rstrip()[:-1].rstrip()
    body = ',\n'.join('  ' + json.dumps(v) for v in vectors())
    with open(path, 'w') as f:
        f.write(head + marker + body + '\n ]\n}\n')
    json.load(open(path))


if __name__ == '__main__':
    main()
