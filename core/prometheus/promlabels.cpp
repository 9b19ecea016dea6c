#include "core/prometheus/promlabels.h"

#include <algorithm>
#include <type_traits>

namespace meshscope::core {

PromLabels::PromLabels(std::initializer_list<Pair> pairs)
{
    m_pairs.reserve(pairs.size());
    for (const Pair &p : pairs)
        insert(p.first, p.second); // as QMap's: the last of two equal names wins
}

PromLabels::const_iterator PromLabels::constFind(QAnyStringView key) const
{
    // Two to five labels: a scan beats a binary search. QString's == against a UTF-16 or
    // Latin-1 view compares the lengths first.
    return key.visit([this](auto view) {
        for (auto it = m_pairs.cbegin(); it != m_pairs.cend(); ++it) {
            if constexpr (std::is_same_v<decltype(view), QUtf8StringView>) {
                if (QAnyStringView(it->first) == QAnyStringView(view))
                    return const_iterator(it);
            } else if (it->first == view) {
                return const_iterator(it);
            }
        }
        return cend();
    });
}

QStringList PromLabels::keys() const
{
    QStringList out;
    out.reserve(size());
    for (const Pair &p : m_pairs)
        out << p.first;
    return out;
}

std::vector<PromLabels::Pair>::iterator PromLabels::lowerBound(const QString &key)
{
    return std::lower_bound(m_pairs.begin(), m_pairs.end(), key,
                            [](const Pair &p, const QString &k) { return p.first < k; });
}

void PromLabels::insert(const QString &key, const QString &value)
{
    const auto at = lowerBound(key);
    if (at != m_pairs.end() && at->first == key)
        at->second = value;
    else
        m_pairs.insert(at, Pair{key, value});
}

void PromLabels::insert(const_iterator hint, const QString &key, const QString &value)
{
    if (hint == cend() && (m_pairs.empty() || m_pairs.back().first < key))
        m_pairs.emplace_back(key, value);
    else
        insert(key, value);
}

QString &PromLabels::operator[](const QString &key)
{
    auto at = lowerBound(key);
    if (at == m_pairs.end() || at->first != key)
        at = m_pairs.insert(at, Pair{key, QString()});
    return at->second;
}

qsizetype PromLabels::remove(QAnyStringView key)
{
    const auto it = std::find_if(m_pairs.begin(), m_pairs.end(),
                                 [&](const Pair &p) { return QAnyStringView(p.first) == key; });
    if (it == m_pairs.end())
        return 0;
    m_pairs.erase(it);
    return 1;
}

QString PromLabels::take(QAnyStringView key)
{
    const auto it = std::find_if(m_pairs.begin(), m_pairs.end(),
                                 [&](const Pair &p) { return QAnyStringView(p.first) == key; });
    if (it == m_pairs.end())
        return {};
    QString value = std::move(it->second);
    m_pairs.erase(it);
    return value;
}

} // namespace meshscope::core
