#pragma once

// The bar under the graph that chooses what time the window shows: Live, or a past window
// (last 15 min / 1 h / 6 h, or a custom from–to) that a slider scrubs through. In replay the
// moment shown is written large with a "REPLAY" marker, so nobody mistakes it for live.
// Keyboard on the slider: Left/Right one step, Home/End first/last moment, L back to Live.
// A view: it emits what the user asks for and is told what is shown (ReplaySession owns the
// data; app/replayflow wires the two).

#include <QWidget>

#include <functional>
#include <vector>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;

namespace meshscope::widgets {

class TimelineBar : public QWidget
{
    Q_OBJECT
public:
    using Clock = std::function<qint64()>; // ms since the Unix epoch

    // Indices of the range chooser, in its order.
    enum Range
    {
        Live,
        Last15Minutes,
        LastHour,
        Last6Hours,
        Custom
    };

    explicit TimelineBar(QWidget *parent = nullptr);
    void setClock(Clock clock) { m_clock = std::move(clock); }

    QSlider *slider() const { return m_slider; }
    QComboBox *rangeCombo() const { return m_range; }
    QLabel *momentLabel() const { return m_moment; }
    bool isReplayShown() const { return m_replay; }

    // Chooses a range as the user would (Custom shows the from–to fields and waits for Load).
    void chooseRange(Range range);
    // Custom from–to, then Load.
    void chooseCustom(qint64 fromMs, qint64 toMs);

public Q_SLOTS:
    // A window was loaded: one slider position per moment.
    void setTimeline(const std::vector<qint64> &timestampsMs);
    // The moment shown (replay mode on).
    void showMoment(int index, qint64 timestampMs);
    void showLive();
    void showProgress(qint64 done, qint64 total);
    void showError(const QString &message);

Q_SIGNALS:
    void rangeRequested(qint64 startMs, qint64 endMs);
    void positionRequested(int index);
    void liveRequested();
    void cancelRequested();

private:
    void onRangeActivated(int index);
    void requestLast(qint64 spanMs);
    void setLoading(bool loading);

    Clock m_clock;
    QComboBox *m_range = nullptr;
    QDateTimeEdit *m_from = nullptr;
    QDateTimeEdit *m_to = nullptr;
    QPushButton *m_load = nullptr;
    QSlider *m_slider = nullptr;
    QLabel *m_marker = nullptr; // "REPLAY"
    QLabel *m_moment = nullptr; // the timestamp shown, large
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_live = nullptr;
    QLabel *m_error = nullptr;
    std::vector<qint64> m_times;
    bool m_replay = false;
    bool m_updating = false; // the slider is moved by showMoment(), not by the user
};

} // namespace meshscope::widgets
