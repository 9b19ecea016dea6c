#include "core/prometheus/vectorparser.h"

#include "core/prometheus/jsoncursor.h"
#include "core/prometheus/prometheusparser.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace meshscope::core {

namespace {

std::optional<double> sampleValue(std::string_view text)
{
    if (text == "NaN")
        return std::numeric_limits<double>::quiet_NaN();
    if (text == "+Inf" || text == "Inf")
        return std::numeric_limits<double>::infinity();
    if (text == "-Inf")
        return -std::numeric_limits<double>::infinity();
    // The spellings Prometheus and VictoriaMetrics print; anything else goes the general way.
    JsonCursor reader(text.data(), text.data() + text.size());
    double v = 0;
    if (!reader.number(v) || !reader.atEnd() || text.empty() || text.front() == ' ' ||
        text.back() == ' ')
        return std::nullopt;
    return v;
}

class Parser
{
public:
    explicit Parser(const QByteArray &body) : m_in(body.constData(), body.constData() + body.size())
    {
        // A series of a refresh's answer takes 100 to 250 bytes: room for most answers without
        // growing (and copying) the arrays as they fill.
        const size_t guess = size_t(body.size()) / 160;
        m_elements.reserve(guess);
        m_valueAt.reserve(guess);
        m_valuesAt.reserve(guess);
        m_samples.reserve(guess);
        m_labels.reserve(guess * 3);
    }

    std::optional<PromQueryResult> run()
    {
        if (!m_in.eat('{'))
            return std::nullopt;
        bool status = false, data = false, warnings = false, infos = false;
        do {
            std::string_view key;
            if (!m_in.plainString(key) || !m_in.eat(':'))
                return std::nullopt;
            if (key == "status") {
                std::string_view value;
                if (status || !m_in.plainString(value) || value != "success")
                    return std::nullopt;
                status = true;
            } else if (key == "data") {
                if (data || !readData())
                    return std::nullopt;
                data = true;
            } else if (key == "warnings" || key == "infos") {
                bool &seen = key == "warnings" ? warnings : infos;
                if (seen || !readStrings(key == "warnings" ? m_out.warnings : m_out.infos))
                    return std::nullopt;
                seen = true;
            } else if (!m_in.skip()) {
                return std::nullopt;
            }
        } while (m_in.eat(','));
        if (!m_in.eat('}') || !m_in.atEnd() || !status || !data)
            return std::nullopt;
        // The general parser appends its duplicate notes after the server's warnings.
        m_out.warnings += m_duplicates;
        return std::move(m_out);
    }

    void setUrl(const QString &url) { m_url = url; }

private:
    bool readStrings(QStringList &out)
    {
        if (!m_in.eat('['))
            return false;
        if (m_in.eat(']'))
            return true;
        do {
            std::string_view s;
            if (!m_in.plainString(s))
                return false;
            out << QString::fromLatin1(s.data(), qsizetype(s.size()));
        } while (m_in.eat(','));
        return m_in.eat(']');
    }

    bool readData()
    {
        if (!m_in.eat('{'))
            return false;
        bool type = false, result = false;
        do {
            std::string_view key;
            if (!m_in.plainString(key) || !m_in.eat(':'))
                return false;
            if (key == "resultType") {
                std::string_view value;
                if (type || !m_in.plainString(value) || (value != "vector" && value != "matrix"))
                    return false;
                m_matrix = value == "matrix";
                type = true;
            } else if (key == "result") {
                if (result || !readResult())
                    return false;
                result = true;
            } else if (!m_in.skip()) {
                return false;
            }
        } while (m_in.eat(','));
        if (!m_in.eat('}') || !type || !result)
            return false;
        m_out.type = m_matrix ? PromResultType::Matrix : PromResultType::Vector;
        // The elements were read before the type may have been known: check them against it.
        for (const Element &e : m_elements)
            if (!(m_matrix ? e.hasValues : e.hasValue))
                return false;
        return finish();
    }

    // One series of the answer as ranges into m_labels and m_samples: no allocation of its
    // own (a big answer has a hundred thousand series).
    struct Element
    {
        size_t labelsAt = 0;
        size_t labelCount = 0;
        size_t samplesAt = 0;
        size_t sampleCount = 0;
        bool hasValue = false;  // "value": one pair
        bool hasValues = false; // "values": pairs
    };

    bool readResult()
    {
        if (!m_in.eat('['))
            return false;
        if (m_in.eat(']'))
            return true;
        do {
            Element e;
            if (!readElement(e))
                return false;
            m_elements.push_back(e);
        } while (m_in.eat(','));
        return m_in.eat(']');
    }

    bool readElement(Element &e)
    {
        if (!m_in.eat('{'))
            return false;
        bool metric = false;
        if (m_in.eat('}'))
            return false; // no "metric": the general parser names the element
        // The samples of "value" and "values" go to m_samples in the order they come; only
        // the one the result type asks for is kept (finish()), so note where each started.
        size_t valueAt = 0, valuesAt = 0, valuesCount = 0;
        do {
            std::string_view key;
            if (!m_in.plainString(key) || !m_in.eat(':'))
                return false;
            if (key == "metric") {
                if (metric || !readLabels(e))
                    return false;
                metric = true;
            } else if (key == "value") {
                PromSample s;
                if (e.hasValue || !readPair(s))
                    return false;
                valueAt = m_samples.size();
                m_samples.push_back(s);
                e.hasValue = true;
            } else if (key == "values") {
                if (e.hasValues || !m_in.eat('['))
                    return false;
                e.hasValues = true;
                valuesAt = m_samples.size();
                if (m_in.eat(']'))
                    continue;
                do {
                    PromSample s;
                    if (!readPair(s))
                        return false;
                    m_samples.push_back(s);
                    ++valuesCount;
                } while (m_in.eat(','));
                if (!m_in.eat(']'))
                    return false;
            } else if (key == "histogram" || key == "histograms") {
                return false; // native histograms: the general parser
            } else if (!m_in.skip()) {
                return false;
            }
        } while (m_in.eat(','));
        m_valueAt.push_back(valueAt);
        m_valuesAt.push_back({valuesAt, valuesCount});
        return m_in.eat('}') && metric;
    }

    bool readLabels(Element &e)
    {
        if (!m_in.eat('{'))
            return false;
        e.labelsAt = m_labels.size();
        if (m_in.eat('}'))
            return true;
        do {
            std::string_view name, value;
            if (!m_in.plainString(name) || !m_in.eat(':') || !m_in.plainString(value))
                return false;
            m_labels.emplace_back(name, value);
        } while (m_in.eat(','));
        if (!m_in.eat('}'))
            return false;
        e.labelCount = m_labels.size() - e.labelsAt;
        // QString orders ASCII as bytes do, so this is PromLabels' order.
        const auto begin = m_labels.begin() + qsizetype(e.labelsAt);
        std::sort(begin, m_labels.end());
        for (auto it = begin + 1; it < m_labels.end(); ++it)
            if (it->first == (it - 1)->first)
                return false; // a duplicate key: which one wins is the general parser's call
        return true;
    }

    // [<seconds>, "<value>"], with the general parser's limits on the timestamp.
    bool readPair(PromSample &out)
    {
        double seconds = 0;
        std::string_view text;
        if (!m_in.eat('[') || !m_in.number(seconds) || !m_in.eat(',') || !m_in.plainString(text) ||
            !m_in.eat(']'))
            return false;
        if (std::fabs(seconds) > 1e12)
            return false;
        const auto value = sampleValue(text);
        if (!value)
            return false;
        out.timestampMs = qint64(std::llround(seconds * 1000.0));
        out.value = *value;
        return true;
    }

    const QString &intern(std::string_view text)
    {
        auto it = m_strings.find(text);
        if (it == m_strings.end())
            it = m_strings.emplace(text, QString::fromLatin1(text.data(), qsizetype(text.size())))
                     .first;
        return it->second;
    }

    // A series' labels as the general parser's duplicate test compares them.
    bool sameLabels(const Element &a, const Element &b) const
    {
        return a.labelCount == b.labelCount &&
               std::equal(m_labels.begin() + qsizetype(a.labelsAt),
                          m_labels.begin() + qsizetype(a.labelsAt + a.labelCount),
                          m_labels.begin() + qsizetype(b.labelsAt));
    }

    size_t hashLabels(const Element &e) const
    {
        size_t h = e.labelCount;
        const std::hash<std::string_view> hash;
        for (size_t i = e.labelsAt; i < e.labelsAt + e.labelCount; ++i)
            h = (h * 1099511628211ULL) ^ hash(m_labels[i].first) ^ (hash(m_labels[i].second) << 1);
        return h;
    }

    QString labelText(const Element &e) const
    {
        QByteArray key = "{";
        for (size_t i = e.labelsAt; i < e.labelsAt + e.labelCount; ++i) {
            if (i > e.labelsAt)
                key += ',';
            key.append(m_labels[i].first.data(), qsizetype(m_labels[i].first.size()));
            key += "=\"";
            key.append(m_labels[i].second.data(), qsizetype(m_labels[i].second.size()));
            key += '"';
        }
        key += '}';
        return QString::fromLatin1(key);
    }

    bool finish()
    {
        m_out.series.reserve(m_elements.size());
        // Series by the hash of their labels, in an open-addressing table of element indices
        // (no allocation per series); equal hashes are compared in full.
        size_t tableSize = 16;
        while (tableSize < 2 * m_elements.size())
            tableSize *= 2;
        std::vector<size_t> table(tableSize, kEmpty);
        std::vector<size_t> hashes(m_elements.size());
        for (size_t index = 0; index < m_elements.size(); ++index) {
            Element &e = m_elements[index];
            const size_t h = hashLabels(e);
            size_t slot = h & (tableSize - 1);
            bool duplicate = false;
            for (; table[slot] != kEmpty; slot = (slot + 1) & (tableSize - 1)) {
                const size_t other = table[slot];
                if (hashes[other] == h && sameLabels(m_elements[other], e)) {
                    duplicate = true;
                    break;
                }
            }
            if (duplicate) {
                m_duplicates << QStringLiteral(
                                    "%1 sent the series %2 twice; the second was ignored")
                                    .arg(m_url, labelText(e));
                continue;
            }
            hashes[index] = h;
            table[slot] = index;
            PromSeries s;
            s.labels.reserve(qsizetype(e.labelCount));
            for (size_t i = e.labelsAt; i < e.labelsAt + e.labelCount; ++i)
                s.labels.insert(s.labels.cend(), intern(m_labels[i].first),
                                intern(m_labels[i].second));
            if (m_matrix) {
                const auto [at, count] = m_valuesAt[index];
                s.samples.assign(m_samples.begin() + qsizetype(at),
                                 m_samples.begin() + qsizetype(at + count));
            } else {
                s.samples.push_back(m_samples[m_valueAt[index]]);
            }
            m_out.series.push_back(std::move(s));
        }
        return true;
    }

    static constexpr size_t kEmpty = std::numeric_limits<size_t>::max();

    JsonCursor m_in;
    QString m_url;
    bool m_matrix = false;
    std::vector<Element> m_elements;
    std::vector<std::pair<std::string_view, std::string_view>> m_labels; // every element's
    std::vector<PromSample> m_samples;                                   // every element's
    std::vector<size_t> m_valueAt;                           // per element: its "value" pair
    std::vector<std::pair<size_t, size_t>> m_valuesAt;       // per element: its "values" pairs
    std::unordered_map<std::string_view, QString> m_strings; // views into the body
    QStringList m_duplicates;
    PromQueryResult m_out;
};

} // namespace

std::optional<PromQueryResult> VectorParser::parse(const HttpResponse &response)
{
    if (response.body.size() > PrometheusParser::kMaxBodyBytes)
        return std::nullopt;
    Parser parser(response.body);
    parser.setUrl(response.url);
    return parser.run();
}

} // namespace meshscope::core
