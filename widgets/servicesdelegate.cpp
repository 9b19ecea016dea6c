#include "widgets/servicesdelegate.h"

#include "core/models/servicestablemodel.h"
#include "widgets/healthpalette.h"
#include "widgets/metricformat.h"

namespace meshscope::widgets {

void ServicesDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    using Model = core::ServicesTableModel;
    const double value = index.data(Model::SortRole).toDouble();
    switch (index.column()) {
    case Model::ScoreColumn: {
        const auto band = core::HealthBand(index.data(Model::BandRole).toInt());
        const QColor background = HealthPalette::colorForBand(band);
        option->backgroundBrush = background;
        option->palette.setColor(QPalette::Text, HealthPalette::textOn(background));
        break;
    }
    case Model::RequestRateColumn:
        option->text = MetricFormat::rate(value);
        break;
    case Model::ErrorPercentColumn: // the model sorts by percent; MetricFormat takes a ratio
        option->text = MetricFormat::percent(value / 100.0);
        break;
    case Model::P95Column:
        option->text = MetricFormat::latency(value);
        break;
    default:
        break;
    }
}

} // namespace meshscope::widgets
