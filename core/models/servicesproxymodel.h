#pragma once

// Sorting and filtering over a ServicesTableModel for the Services dock. Sorts by
// ServicesTableModel::SortRole: numbers compare as numbers and unknown values (NaN) go last in
// either order, so "worst first" (score ascending) never starts with services that have no
// data; ties fall back to the service key, so equal scores keep a stable, readable order.
// The filter keeps rows whose name or namespace contains the text, case-insensitively.

#include <QSortFilterProxyModel>
#include <QString>

namespace meshscope::core {

class ServicesProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ServicesProxyModel(QObject *parent = nullptr);

    void setFilterText(const QString &text);
    const QString &filterText() const { return m_filter; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_filter;
};

} // namespace meshscope::core
