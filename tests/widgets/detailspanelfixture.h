#pragma once

// What the DetailsPanel tests share: children found by object name, the score badge's colour as
// drawn, and a fixture feeding shop-mesh refreshes into a history store and the panel.
// Header-only; include as "tests/widgets/detailspanelfixture.h".

#include "core/history/historystore.h"
#include "core/topology/graphanalytics.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/shopmesh.h"
#include "widgets/detailspanel.h"

#include <QColor>
#include <QImage>
#include <QLabel>

#include <cstdlib>
#include <memory>

namespace meshscope::testing::details {

using namespace meshscope::core;
using namespace meshscope::testing::shop;

template <typename T> inline T *child(QWidget *w, const char *name)
{
    T *found = w->findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qFatal("no child named %s", name);
    return found;
}

inline QString labelText(QWidget *w, const char *name)
{
    return child<QLabel>(w, name)->text();
}

// The score badge's background as drawn: a pixel in its left padding, clear of the digits
// and the rounded corners.
inline QColor badgeColor(QWidget *panel)
{
    QLabel *badge = child<QLabel>(panel, "scoreLabel");
    const QImage image = badge->grab().toImage();
    return QColor(image.pixel(4, image.height() / 2));
}

inline int colorDistance(const QColor &a, const QColor &b)
{
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) +
           std::abs(a.blue() - b.blue());
}

// Feeds `points` refreshes into a store and the panel; `checkoutScoreAt(i)` gives the score.
struct Fixture
{
    TopologyBuilder builder;
    HistoryStore history{720};
    TopologyPtr topology;
    HealthScores scores;
    GraphFacts facts;

    template <typename ScoreFn>
    void run(widgets::DetailsPanel &panel, int points, ScoreFn checkoutScoreAt, qint64 start = kT0)
    {
        for (int i = 0; i < points; ++i) {
            topology = builder.build(shopSample(start + i * kStepMs));
            scores = scoresFor(*topology, checkoutScoreAt(i), latencyShift(84.0, 40.0, 3.1));
            history.append(*topology, scores);
        }
        facts = GraphAnalytics::analyze(*topology);
        panel.setData(topology, std::make_shared<const HealthScores>(scores), &history,
                      std::make_shared<const GraphFacts>(facts));
    }
};

} // namespace meshscope::testing::details
