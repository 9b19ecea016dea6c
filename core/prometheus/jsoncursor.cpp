#include "core/prometheus/jsoncursor.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <system_error>

namespace meshscope::core {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

bool JsonCursor::atEnd()
{
    whitespace();
    return m_p == m_end;
}

bool JsonCursor::eat(char c)
{
    whitespace();
    if (m_p < m_end && *m_p == c) {
        ++m_p;
        return true;
    }
    return false;
}

bool JsonCursor::plainString(std::string_view &out)
{
    whitespace();
    if (m_p >= m_end || *m_p != '"')
        return false;
    const char *start = m_p + 1;
    const auto *close = static_cast<const char *>(std::memchr(start, '"', size_t(m_end - start)));
    if (!close)
        return false;
    for (const char *c = start; c < close; ++c) {
        const auto u = static_cast<unsigned char>(*c);
        if (u < 0x20 || u >= 0x7f || u == '\\')
            return false;
    }
    out = std::string_view(start, size_t(close - start));
    m_p = close + 1;
    return true;
}

bool JsonCursor::number(double &out)
{
    whitespace();
    const char *s = m_p;
    const char *c = m_p;
    if (c < m_end && *c == '-')
        ++c;
    if (c >= m_end)
        return false;
    if (*c == '0') {
        ++c;
    } else if (*c >= '1' && *c <= '9') {
        while (c < m_end && isDigit(*c))
            ++c;
    } else {
        return false;
    }
    if (c < m_end && *c == '.') {
        const char *d = ++c;
        while (c < m_end && isDigit(*c))
            ++c;
        if (c == d)
            return false;
    }
    if (c < m_end && (*c == 'e' || *c == 'E')) {
        ++c;
        if (c < m_end && (*c == '+' || *c == '-'))
            ++c;
        const char *d = c;
        while (c < m_end && isDigit(*c))
            ++c;
        if (c == d)
            return false;
    }
    const auto [ptr, ec] = std::from_chars(s, c, out);
    if (ec != std::errc() || ptr != c || !std::isfinite(out) ||
        std::fpclassify(out) == FP_SUBNORMAL)
        return false;
    // An underflow to zero ("1e-400"): parsers differ on whether that is an error.
    if (out == 0) {
        const char *mantissaEnd = std::find_if(s, c, [](char d) { return d == 'e' || d == 'E'; });
        if (std::any_of(s, mantissaEnd, [](char d) { return d >= '1' && d <= '9'; }))
            return false;
    }
    m_p = c;
    return true;
}

bool JsonCursor::skip(int depth)
{
    whitespace();
    if (m_p >= m_end || depth > kMaxSkipDepth)
        return false;
    const char c = *m_p;
    if (c == '"')
        return skipString();
    if (c == '{' || c == '[') {
        const char close = c == '{' ? '}' : ']';
        ++m_p;
        if (eat(close))
            return true;
        do {
            if (c == '{' && (!skipString() || !eat(':')))
                return false;
            if (!skip(depth + 1))
                return false;
        } while (eat(','));
        return eat(close);
    }
    for (const char *literal : {"true", "false", "null"}) {
        const size_t n = std::strlen(literal);
        if (size_t(m_end - m_p) >= n && std::memcmp(m_p, literal, n) == 0) {
            m_p += n;
            return true;
        }
    }
    double ignored = 0;
    return number(ignored);
}

void JsonCursor::whitespace()
{
    while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
        ++m_p;
}

// Escapes other than \uXXXX are fine here (nothing reads the text); \u and non-ASCII bytes
// are left to the general parser, whose UTF-8 and surrogate rules are its own.
bool JsonCursor::skipString()
{
    whitespace();
    if (m_p >= m_end || *m_p != '"')
        return false;
    for (++m_p; m_p < m_end; ++m_p) {
        const auto u = static_cast<unsigned char>(*m_p);
        if (u == '"') {
            ++m_p;
            return true;
        }
        if (u < 0x20 || u >= 0x80)
            return false;
        if (u == '\\') {
            if (++m_p >= m_end || !std::strchr("\"\\/bfnrt", *m_p) || *m_p == '\0')
                return false;
        }
    }
    return false;
}

} // namespace meshscope::core
