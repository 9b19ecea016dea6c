#include "widgets/timelinebar.h"

#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSlider>

#include <algorithm>

namespace meshscope::widgets {

namespace {

constexpr qint64 kMinute = 60'000;

QString momentText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace

TimelineBar::TimelineBar(QWidget *parent)
    : QWidget(parent), m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    setObjectName(QStringLiteral("timelineBar"));
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(6, 2, 6, 2);

    m_range = new QComboBox(this);
    m_range->setObjectName(QStringLiteral("timeRangeCombo"));
    m_range->addItems(
        {tr("Live"), tr("Last 15 min"), tr("Last 1 h"), tr("Last 6 h"), tr("Custom from–to…")});
    m_range->setToolTip(tr("What time the graph shows: live, or a past window to replay"));
    row->addWidget(m_range);

    m_from = new QDateTimeEdit(this);
    m_to = new QDateTimeEdit(this);
    for (QDateTimeEdit *edit : {m_from, m_to}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setCalendarPopup(true);
        edit->setVisible(false);
    }
    m_load = new QPushButton(tr("Load"), this);
    m_load->setVisible(false);
    row->addWidget(m_from);
    row->addWidget(m_to);
    row->addWidget(m_load);

    m_marker = new QLabel(tr("REPLAY"), this);
    m_marker->setObjectName(QStringLiteral("replayMarker"));
    // Orange on dark: the colour of a recording, not of a health band.
    m_marker->setStyleSheet(QStringLiteral("QLabel { background: #e8590c; color: white; "
                                           "font-weight: bold; padding: 2px 8px; "
                                           "border-radius: 3px; }"));
    m_marker->setVisible(false);
    row->addWidget(m_marker);

    m_moment = new QLabel(tr("Live"), this);
    m_moment->setObjectName(QStringLiteral("replayMoment"));
    QFont big = m_moment->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    m_moment->setFont(big);
    row->addWidget(m_moment);

    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("replaySlider"));
    m_slider->setEnabled(false);
    m_slider->setPageStep(10);
    m_slider->setToolTip(tr("Scrub through the loaded window (Left/Right, Home/End; L: Live)"));
    row->addWidget(m_slider, 1);

    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(160);
    m_progress->setVisible(false);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setVisible(false);
    row->addWidget(m_progress);
    row->addWidget(m_cancel);

    m_error = new QLabel(this);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #c92a2a; }"));
    m_error->setWordWrap(false);
    m_error->setVisible(false);
    row->addWidget(m_error);

    m_live = new QPushButton(tr("Live"), this);
    m_live->setObjectName(QStringLiteral("liveButton"));
    m_live->setToolTip(tr("Back to the live graph (L)"));
    m_live->setVisible(false); // shown only while a moment of the past is on screen
    row->addWidget(m_live);

    connect(m_range, &QComboBox::activated, this, &TimelineBar::onRangeActivated);
    connect(m_load, &QPushButton::clicked, this, [this] {
        Q_EMIT rangeRequested(m_from->dateTime().toMSecsSinceEpoch(),
                              m_to->dateTime().toMSecsSinceEpoch());
    });
    connect(m_slider, &QSlider::valueChanged, this, [this](int value) {
        if (!m_updating)
            Q_EMIT positionRequested(value);
    });
    connect(m_cancel, &QPushButton::clicked, this, &TimelineBar::cancelRequested);
    connect(m_live, &QPushButton::clicked, this, &TimelineBar::liveRequested);
    // Plain L, only where it cannot be typed into a field: the bar and its slider.
    auto *live = new QShortcut(QKeySequence(Qt::Key_L), this);
    live->setContext(Qt::WidgetWithChildrenShortcut);
    connect(live, &QShortcut::activated, this, &TimelineBar::liveRequested);
}

void TimelineBar::chooseRange(Range range)
{
    m_range->setCurrentIndex(range);
    onRangeActivated(range);
}

void TimelineBar::chooseCustom(qint64 fromMs, qint64 toMs)
{
    chooseRange(Custom);
    m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(fromMs));
    m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(toMs));
    m_load->click();
}

void TimelineBar::onRangeActivated(int index)
{
    const bool custom = index == Custom;
    m_from->setVisible(custom);
    m_to->setVisible(custom);
    m_load->setVisible(custom);
    m_error->setVisible(false);
    switch (index) {
    case Live:
        Q_EMIT liveRequested();
        break;
    case Last15Minutes:
        requestLast(15 * kMinute);
        break;
    case LastHour:
        requestLast(60 * kMinute);
        break;
    case Last6Hours:
        requestLast(360 * kMinute);
        break;
    case Custom: {
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(m_clock());
        if (m_to->dateTime() <= m_from->dateTime() || m_to->dateTime() > now) {
            m_to->setDateTime(now);
            m_from->setDateTime(now.addSecs(-3600));
        }
        break;
    }
    default:
        break;
    }
}

void TimelineBar::requestLast(qint64 spanMs)
{
    const qint64 now = m_clock();
    Q_EMIT rangeRequested(now - spanMs, now);
}

void TimelineBar::setLoading(bool loading)
{
    m_progress->setVisible(loading);
    m_cancel->setVisible(loading);
    if (loading) {
        m_progress->setRange(0, 0); // busy until the first report
        m_error->setVisible(false);
    }
}

void TimelineBar::setTimeline(const std::vector<qint64> &timestampsMs)
{
    setLoading(false);
    m_times = timestampsMs;
    m_updating = true;
    m_slider->setRange(0, std::max(0, int(m_times.size()) - 1));
    m_updating = false;
    m_slider->setEnabled(!m_times.empty());
}

void TimelineBar::showMoment(int index, qint64 timestampMs)
{
    m_replay = true;
    if (m_range->currentIndex() == Live) // loaded from elsewhere than the chooser
        m_range->setCurrentIndex(Custom);
    m_updating = true;
    m_slider->setValue(index);
    m_updating = false;
    m_marker->setVisible(true);
    m_live->setVisible(true);
    m_live->setEnabled(true);
    m_moment->setText(momentText(timestampMs));
    m_moment->setToolTip(tr("The graph, scores and details show this past moment, not live"));
}

void TimelineBar::showLive()
{
    m_replay = false;
    setLoading(false);
    m_marker->setVisible(false);
    m_live->setVisible(false); // shown only while a moment of the past is on screen
    m_moment->setText(tr("Live"));
    m_moment->setToolTip({});
    m_range->setCurrentIndex(Live);
    m_from->setVisible(false);
    m_to->setVisible(false);
    m_load->setVisible(false);
    m_slider->setEnabled(false);
}

void TimelineBar::showProgress(qint64 done, qint64 total)
{
    setLoading(true);
    if (total > 0) {
        m_progress->setRange(0, int(total));
        m_progress->setValue(int(done));
        m_progress->setFormat(tr("loading %p%"));
    }
}

void TimelineBar::showError(const QString &message)
{
    setLoading(false);
    m_error->setText(message.size() > 120 ? message.left(120) + QStringLiteral("…") : message);
    m_error->setToolTip(message);
    m_error->setVisible(true);
    if (!m_replay)
        m_range->setCurrentIndex(Live);
}

} // namespace meshscope::widgets
