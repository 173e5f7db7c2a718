# Literals.
i = 0, 1, 42, 1_000_000, 0x1F, 0X_ff, 0o17, 0O7_7, 0b1010, 0B_1, 00, 0_0
big = 123456789012345678901234567890, 0xffffffffffffffffffffffff
f = 1.0, 1., .5, 1e10, 1E-3, 1.5e+3, 1_000.000_1, 0.1, 1e400, 3.14j, 2j, 1e3J, 0j
f2 = 1e16, 1e15, 1.5e-5, 0.0001, 123456789012.0
s = 'single', "double", '''triple
single''', """triple
double"""
s = r'raw\n', R"raw\t", b'bytes', B"BYTES", rb'rb\x00', Rb'x', br'y', bR'z', BR'w', u'unicode', U'U'
s = 'a' 'b' "c"
s = b'a' b'b'
s = 'esc: \n \t \\ \' \" \a \b \f \v \r \0 \123 \x41 \u00e9 \U0001F600 \
continued'
s = b'esc: \n \t \\ \x00 \xff \777 \u1234'
s = 'unknown \d \q escape'
s = 'héllo wörld ✓ 日本語'
s = '''a "quoted" 'thing' '''
s = """ends with quote\""""
s = ''
s = """"""
s = 'a\
b'
