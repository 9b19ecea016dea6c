#pragma once

#include <QAnyStringView>
#include <QString>
#include <QStringList>

#include <initializer_list>
#include <utility>
#include <vector>

namespace meshscope::core {

// The labels of one series, sorted by name as Prometheus prints them: the part of QMap's
// interface the code uses, over one flat array. A refresh of a big mesh reads a hundred
// thousand series of two to five labels each; a QMap costs an allocation per label plus one
// per series, and as much again to free them, which was a third of a refresh's CPU time
// (docs/query-profiles.md, "Our side of a refresh").
class PromLabels
{
public:
    using Pair = std::pair<QString, QString>;

    // As QMap's: *it is the value, it.key() and it.value() name both.
    class const_iterator
    {
    public:
        using difference_type = std::ptrdiff_t;
        using value_type = QString;
        using pointer = const QString *;
        using reference = const QString &;
        using iterator_category = std::forward_iterator_tag;

        const_iterator() = default;
        const QString &key() const { return m_at->first; }
        const QString &value() const { return m_at->second; }
        const QString &operator*() const { return m_at->second; }
        const QString *operator->() const { return &m_at->second; }
        const_iterator &operator++()
        {
            ++m_at;
            return *this;
        }
        const_iterator operator++(int)
        {
            const_iterator was = *this;
            ++m_at;
            return was;
        }
        friend bool operator==(const const_iterator &a, const const_iterator &b)
        {
            return a.m_at == b.m_at;
        }
        friend bool operator!=(const const_iterator &a, const const_iterator &b)
        {
            return a.m_at != b.m_at;
        }

    private:
        friend class PromLabels;
        explicit const_iterator(std::vector<Pair>::const_iterator at) : m_at(at) {}
        std::vector<Pair>::const_iterator m_at;
    };
    using iterator = const_iterator;

    PromLabels() = default;
    PromLabels(std::initializer_list<Pair> pairs);

    QString value(QAnyStringView key, const QString &otherwise = {}) const
    {
        const auto it = constFind(key);
        return it == cend() ? otherwise : it.value();
    }
    const_iterator constFind(QAnyStringView key) const;
    const_iterator find(QAnyStringView key) const { return constFind(key); }
    bool contains(QAnyStringView key) const { return constFind(key) != cend(); }

    const_iterator cbegin() const { return const_iterator(m_pairs.cbegin()); }
    const_iterator cend() const { return const_iterator(m_pairs.cend()); }
    const_iterator begin() const { return cbegin(); }
    const_iterator end() const { return cend(); }
    const_iterator constBegin() const { return cbegin(); }
    const_iterator constEnd() const { return cend(); }

    qsizetype size() const { return qsizetype(m_pairs.size()); }
    qsizetype count() const { return size(); }
    bool isEmpty() const { return m_pairs.empty(); }
    bool empty() const { return m_pairs.empty(); }
    QString firstKey() const { return m_pairs.empty() ? QString() : m_pairs.front().first; }
    QStringList keys() const;

    // Sets `key` (replacing its value when it is there), keeping the names sorted.
    void insert(const QString &key, const QString &value);
    // The same; a key after every other (the parsers' order) is appended without a search.
    void insert(const_iterator hint, const QString &key, const QString &value);
    QString &operator[](const QString &key);
    qsizetype remove(QAnyStringView key);
    QString take(QAnyStringView key);
    void reserve(qsizetype n) { m_pairs.reserve(size_t(n)); }
    void clear() { m_pairs.clear(); }

    friend bool operator==(const PromLabels &a, const PromLabels &b)
    {
        return a.m_pairs == b.m_pairs;
    }
    friend bool operator!=(const PromLabels &a, const PromLabels &b) { return !(a == b); }

private:
    std::vector<Pair>::iterator lowerBound(const QString &key);

    std::vector<Pair> m_pairs; // sorted by name, names unique
};

} // namespace meshscope::core
