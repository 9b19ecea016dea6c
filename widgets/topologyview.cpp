#include "widgets/topologyview.h"

#include "widgets/legendpainter.h"
#include "widgets/nodeitem.h"
#include "widgets/topologyscene.h"

#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QLineF>
#include <QMetaMethod>
#include <QPixmapCache>
#include <QScrollBar>
#include <QTimer>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <utility>

namespace meshscope::widgets {

namespace {

// A wheel or key zoom draws fast frames (TopologyScene::setInteracting); this long after the
// last step the view repaints in full quality. Short enough not to be noticed as a state.
constexpr int kSettleMs = 180;
constexpr int kLegendMargin = 10;   // px from the viewport's corner
constexpr double kFitMargin = 20.0; // scene units around the graph when fitting
constexpr int kFitLabelRoom = 40;   // device pixels beside the fitted graph for its outer labels

} // namespace

TopologyView::TopologyView(TopologyScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent), m_scene(scene)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    // The legend is drawn in viewport coordinates: scrolled pixels would smear it, so every
    // update repaints the viewport. The edge layer is one item anyway, so partial updates would
    // rarely save anything.
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    setOptimizationFlags(QGraphicsView::DontAdjustForAntialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setBackgroundBrush(Qt::white);
    // The scene's three layers are cached in device pixels (TopologyScene): room for them at a
    // full-screen 4K viewport, which Qt's default 10 MB pixmap cache would evict every frame.
    QPixmapCache::setCacheLimit(std::max(QPixmapCache::cacheLimit(), 3 * 4 * 3840 * 2160 / 1024));
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    connect(scene, &TopologyScene::snapshotApplied, this, &TopologyView::onSnapshotApplied);
    for (QScrollBar *bar : {horizontalScrollBar(), verticalScrollBar()}) // user actions only
        connect(bar, &QScrollBar::actionTriggered, this, &TopologyView::stopFollowing);
    m_settle = new QTimer(this);
    m_settle->setSingleShot(true);
    m_settle->setInterval(kSettleMs);
    connect(m_settle, &QTimer::timeout, this, [this] { m_scene->setInteracting(false); });
    // The legend is painted over the viewport: new bands must show without a scene change.
    connect(scene, &TopologyScene::bandsChanged, viewport(), qOverload<>(&QWidget::update));
}

double TopologyView::zoom() const
{
    return transform().m11();
}

void TopologyView::setZoom(double value)
{
    value = std::clamp(value, kMinZoom, kMaxZoom);
    const double current = zoom();
    if (current <= 0.0 || std::abs(value - current) < 1e-9)
        return;
    scale(value / current, value / current);
    Q_EMIT zoomChanged(zoom());
}

void TopologyView::scaleBy(double factor)
{
    stopFollowing();
    m_autoFit = false; // the user chose a zoom: keep it across resizes
    m_scene->setInteracting(true);
    m_settle->start();
    setZoom(zoom() * factor);
}

void TopologyView::zoomIn()
{
    scaleBy(kZoomStep);
}

void TopologyView::zoomOut()
{
    scaleBy(1.0 / kZoomStep);
}

void TopologyView::resetZoom()
{
    setZoom(1.0);
}

void TopologyView::fitGraph()
{
    stopFollowing();
    m_fitNodes.reset();
    fitRect(m_scene->graphBounds());
}

void TopologyView::fitNodes(const core::NodeIdSet &nodes)
{
    // The same set again (a refresh) changes nothing, even after the user zoomed or fitted the
    // whole graph meanwhile.
    if (m_focusRequest && *m_focusRequest == nodes)
        return;
    m_focusRequest = nodes;
    stopFollowing();
    if (!m_savedView)
        m_savedView = SavedView{transform(), mapToScene(viewport()->rect().center()), isAsFitted()};
    m_fitNodes = nodes;
    fitRect(m_scene->nodesBounds(nodes));
}

void TopologyView::restoreView()
{
    m_fitNodes.reset();
    m_focusRequest.reset();
    if (!m_savedView)
        return;
    const SavedView saved = *std::exchange(m_savedView, std::nullopt);
    if (saved.autoFit) {
        fitGraph(); // the graph may have grown or settled since
        return;
    }
    setTransform(saved.transform);
    centerOn(saved.centre);
    m_autoFit = false;
    Q_EMIT zoomChanged(zoom());
}

bool TopologyView::isAsFitted() const
{
    // No zoom since the fit, and no pan either: the centre is where the fit put it, to a pixel
    // (centerOnNode() and scrolling move it without touching the zoom).
    const QPointF centre = mapToScene(viewport()->rect().center());
    return m_autoFit && QLineF(centre, m_fitCentre).length() * zoom() < 1.0;
}

void TopologyView::refit()
{
    if (m_fitNodes)
        fitRect(m_scene->nodesBounds(*m_fitNodes));
    else
        fitRect(m_scene->graphBounds());
}

void TopologyView::fitRect(const QRectF &bounds)
{
    if (bounds.isEmpty())
        return;
    const QRectF target = bounds.adjusted(-kFitMargin, -kFitMargin, kFitMargin, kFitMargin);
    QRect available = viewport()->rect();
    // Keep the graph clear of the legend when there is room beside it.
    const QRect legend = legendRect();
    if (!legend.isEmpty() && available.width() > 3 * legend.width())
        available.setLeft(legend.right() + kLegendMargin);
    // Labels keep a fixed size on screen, centred on their node: leave them room at the edges.
    available.adjust(kFitLabelRoom, kFitLabelRoom / 2, -kFitLabelRoom, -kFitLabelRoom / 2);
    const double s = std::clamp(
        std::min(available.width() / target.width(), available.height() / target.height()),
        kMinZoom, kMaxFitZoom);
    setTransform(QTransform::fromScale(s, s));
    // centerOn() centres in the whole viewport; shift so the graph centres in `available`.
    const double shift = (available.center().x() - viewport()->rect().center().x()) / s;
    centerOn(target.center() - QPointF(shift, 0.0));
    m_autoFit = true;
    m_fitCentre = mapToScene(viewport()->rect().center());
    Q_EMIT zoomChanged(zoom());
}

void TopologyView::centerOnNode(const core::NodeId &id)
{
    if (const NodeItem *item = m_scene->nodeItem(id))
        centerOn(item->pos());
}

void TopologyView::showNode(const core::NodeId &id)
{
    const NodeItem *item = m_scene->nodeItem(id);
    if (item == nullptr)
        return;
    if (zoom() < 1.0)
        setZoom(1.0);
    m_autoFit = false; // a resize keeps the service in the middle instead of fitting the graph
    centerOn(item->pos());
    m_follow = id;
}

void TopologyView::setLegendVisible(bool visible)
{
    if (visible == m_legendVisible)
        return;
    m_legendVisible = visible;
    viewport()->update();
}

QRect TopologyView::legendRect() const
{
    if (!m_legendVisible)
        return {};
    const QSize s = LegendPainter::size(m_scene->hasTraceEvidence()).toSize();
    const QRect vp = viewport()->rect();
    return QRect(QPoint(kLegendMargin, vp.height() - kLegendMargin - s.height()), s);
}

void TopologyView::onSnapshotApplied()
{
    if (m_follow.isValid()) {
        const NodeItem *item = m_scene->nodeItem(m_follow);
        if (item != nullptr && m_scene->selectedNode() == m_follow) {
            centerOn(item->pos());
            return;
        }
        stopFollowing(); // gone, or the user selected something else
    }
    // The first graph the user sees is shown whole; afterwards their zoom survives refreshes.
    if (!m_fittedOnce && m_scene->nodeItemCount() > 0) {
        m_fittedOnce = true;
        fitGraph();
    } else if (m_fittedOnce && isAsFitted()) {
        // Follow the graph as the layout settles and groups open, so it stays whole.
        refit();
    }
}

void TopologyView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    // Until the user zooms, the graph follows the window: the first fit may have happened
    // before the window had its final size.
    if (m_autoFit && m_fittedOnce)
        refit();
}

void TopologyView::wheelEvent(QWheelEvent *event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    // 120 units = one notch = one zoom step; touchpads send smaller deltas.
    scaleBy(std::pow(kZoomStep, delta / 120.0));
    event->accept();
}

void TopologyView::keyPressEvent(QKeyEvent *event)
{
    stopFollowing(); // the arrow keys scroll, the others zoom or fit
    if (event->matches(QKeySequence::ZoomIn) ||
        (event->modifiers() & Qt::ControlModifier && event->key() == Qt::Key_Equal)) {
        zoomIn();
        return;
    }
    if (event->matches(QKeySequence::ZoomOut)) {
        zoomOut();
        return;
    }
    if (event->modifiers() & Qt::ControlModifier && event->key() == Qt::Key_0) {
        fitGraph();
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

bool TopologyView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::Wheel)
        stopFollowing(); // a drag pans, a click selects: the user takes the view over
    // Handled before the view's context menu policy (an actions menu) gets the event, so that a
    // node or an edge gets its own menu and the background keeps the actions menu.
    if (event->type() == QEvent::ContextMenu && m_scene->topology()) {
        const auto *menu = static_cast<QContextMenuEvent *>(event);
        const QPointF at = mapToScene(menu->pos());
        const core::NodeId node = m_scene->nodeAt(at);
        if (node.isValid() &&
            isSignalConnected(QMetaMethod::fromSignal(&TopologyView::nodeContextMenuRequested))) {
            Q_EMIT nodeContextMenuRequested(node, menu->globalPos());
            return true;
        }
        const int edge = node.isValid() ? -1 : m_scene->edgeAt(at);
        if (edge >= 0 &&
            isSignalConnected(QMetaMethod::fromSignal(&TopologyView::edgeContextMenuRequested))) {
            const core::TopologyEdge &e = m_scene->topology()->edges()[size_t(edge)];
            Q_EMIT edgeContextMenuRequested(m_scene->topology()->nodes()[size_t(e.source)].id,
                                            m_scene->topology()->nodes()[size_t(e.target)].id,
                                            menu->globalPos());
            return true;
        }
    }
    return QGraphicsView::viewportEvent(event);
}

void TopologyView::drawForeground(QPainter *painter, const QRectF &rect)
{
    QGraphicsView::drawForeground(painter, rect);
    if (!m_legendVisible || m_scene->nodeItemCount() == 0)
        return;
    painter->save();
    painter->resetTransform(); // viewport coordinates: the legend does not move with the scene
    LegendPainter::paint(painter, legendRect().topLeft(), m_scene->bands(),
                         m_scene->hasTraceEvidence());
    painter->restore();
}

} // namespace meshscope::widgets
