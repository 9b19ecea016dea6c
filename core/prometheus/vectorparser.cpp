#include "core/prometheus/vectorparser.h"

#include "core/prometheus/jsoncursor.h"
#include "core/prometheus/prometheusparser.h"

#include <QSet>

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

    struct Element
    {
        std::vector<std::pair<std::string_view, std::string_view>> labels;
        std::vector<PromSample> value;  // "value": one pair
        std::vector<PromSample> values; // "values": pairs
        bool hasValue = false;
        bool hasValues = false;
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
            m_elements.push_back(std::move(e));
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
        do {
            std::string_view key;
            if (!m_in.plainString(key) || !m_in.eat(':'))
                return false;
            if (key == "metric") {
                if (metric || !readLabels(e.labels))
                    return false;
                metric = true;
            } else if (key == "value") {
                PromSample s;
                if (e.hasValue || !readPair(s))
                    return false;
                e.value.push_back(s);
                e.hasValue = true;
            } else if (key == "values") {
                if (e.hasValues || !m_in.eat('['))
                    return false;
                e.hasValues = true;
                if (m_in.eat(']'))
                    continue;
                do {
                    PromSample s;
                    if (!readPair(s))
                        return false;
                    e.values.push_back(s);
                } while (m_in.eat(','));
                if (!m_in.eat(']'))
                    return false;
            } else if (key == "histogram" || key == "histograms") {
                return false; // native histograms: the general parser
            } else if (!m_in.skip()) {
                return false;
            }
        } while (m_in.eat(','));
        return m_in.eat('}') && metric;
    }

    bool readLabels(std::vector<std::pair<std::string_view, std::string_view>> &out)
    {
        if (!m_in.eat('{'))
            return false;
        if (m_in.eat('}'))
            return true;
        do {
            std::string_view name, value;
            if (!m_in.plainString(name) || !m_in.eat(':') || !m_in.plainString(value))
                return false;
            out.emplace_back(name, value);
        } while (m_in.eat(','));
        if (!m_in.eat('}'))
            return false;
        // QString orders ASCII as bytes do, so this is PromLabels' order.
        std::sort(out.begin(), out.end());
        for (size_t i = 1; i < out.size(); ++i)
            if (out[i].first == out[i - 1].first)
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

    bool finish()
    {
        m_out.series.reserve(m_elements.size());
        QSet<QByteArray> seen;
        seen.reserve(qsizetype(m_elements.size()));
        QByteArray key;
        for (Element &e : m_elements) {
            // The general parser's duplicate test compares this text.
            key.clear();
            key += '{';
            for (size_t i = 0; i < e.labels.size(); ++i) {
                if (i > 0)
                    key += ',';
                key.append(e.labels[i].first.data(), qsizetype(e.labels[i].first.size()));
                key += "=\"";
                key.append(e.labels[i].second.data(), qsizetype(e.labels[i].second.size()));
                key += '"';
            }
            key += '}';
            if (seen.contains(key)) {
                m_duplicates << QStringLiteral(
                                    "%1 sent the series %2 twice; the second was ignored")
                                    .arg(m_url, QString::fromLatin1(key));
                continue;
            }
            seen.insert(key);
            PromSeries s;
            for (const auto &[name, value] : e.labels)
                s.labels.insert(s.labels.cend(), intern(name), intern(value));
            s.samples = std::move(m_matrix ? e.values : e.value);
            m_out.series.push_back(std::move(s));
        }
        return true;
    }

    JsonCursor m_in;
    QString m_url;
    bool m_matrix = false;
    std::vector<Element> m_elements;
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
