#pragma once

#include <string_view>

namespace meshscope::core {

// A forward-only reader of JSON text for VectorParser, strict where the general parser would be
// lenient or where parsers differ: every read returns false when the input leaves the shape it
// is sure about (escapes or non-ASCII in a kept string, a number that does not convert exactly,
// nesting past kMaxSkipDepth), and the caller then gives up on the whole body. The bytes must
// outlive the cursor and the views it returns.
class JsonCursor
{
public:
    // Unknown keys (Prometheus' `stats`, a proxy's additions) are skipped down to this depth;
    // deeper ones go to the general parser, which has the nesting limit and its message.
    static constexpr int kMaxSkipDepth = 32;

    JsonCursor(const char *begin, const char *end) : m_p(begin), m_end(end) {}

    // Only whitespace is left.
    bool atEnd();
    // The next token is `c`: consumed.
    bool eat(char c);
    // A string of printable ASCII without escapes: what label names and values of a mesh are.
    bool plainString(std::string_view &out);
    // JSON's number grammar exactly, converted with correct rounding (as Qt's JSON parser does);
    // false for values that do not survive the conversion (overflow, underflow, subnormals).
    bool number(double &out);
    // Any JSON value, validated but not kept.
    bool skip(int depth = 0);

private:
    void whitespace();
    bool skipString();

    const char *m_p;
    const char *m_end;
};

} // namespace meshscope::core
