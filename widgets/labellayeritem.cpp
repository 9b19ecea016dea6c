#include "widgets/labellayeritem.h"

#include "widgets/edgelayeritem.h"
#include "widgets/labelplacer.h"
#include "widgets/nodeitem.h"
#include "widgets/topologyview.h"

#include <QFontMetricsF>
#include <QHash>
#include <QPainter>
#include <QSet>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace meshscope::widgets {

namespace {

// Room around the nodes for labels: a label zoomed out to kLodGroupLabels is ~3x its size.
constexpr double kBoundsMargin = 600.0;
// Zoomed out further, namespace names keep their size on screen, so in scene units they grow as
// 1 / zoom: the layer (cached in device pixels, which clip at its bounds) cut the outermost one
// of a fitted generated:5000. The bounds leave room for the widest name down to the view's
// smallest zoom. Qt caches only the visible part of a device-coordinate cached item, so wide
// bounds cost no memory.
constexpr double kMinLabelLod = TopologyView::kMinZoom;
constexpr int kMaxEdgeLabels = 3000; // beyond this many the view is unreadable anyway
constexpr int kMaxSprites = 12000;   // ~3 KB each; a refresh renames few services
const QColor kLabelColor(0x21, 0x21, 0x21);
const QColor kGroupLabelColor(0x30, 0x3f, 0x4f);
const QColor kEdgeLabelColor(0x30, 0x30, 0x30);

QFont groupFont()
{
    QFont font;
    font.setPixelSize(13);
    font.setBold(true);
    return font;
}

QFont edgeFont()
{
    QFont font;
    font.setPixelSize(int(kEdgeLabelPixelSize));
    return font;
}

// Quantised so that a zoom step re-places but float noise does not; above 1 the labels scale
// with the scene and the placement no longer changes.
double placementKey(double lod)
{
    return lod >= 1.0 ? 1.0 : std::round(lod * 1000.0) / 1000.0;
}

void drawLabelText(QPainter *painter, const QRectF &rect, const QString &text, double f,
                   double ascent)
{
    // The painter is scaled by f: positions are divided by it.
    painter->drawText(QPointF(rect.left() / f + 1.0, rect.top() / f + ascent), text);
}

} // namespace

LabelLayerItem::LabelLayerItem(const EdgeLayerItem *edges) : m_edges(edges)
{
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
    setFlag(ItemUsesExtendedStyleOption, true); // for option->exposedRect
    setZValue(2.0);
}

LabelLayerItem::~LabelLayerItem() = default;

void LabelLayerItem::setNodes(std::vector<Entry> entries)
{
    m_entries = std::move(entries);
    // Widest namespace name in pixels, as placeNamespaces() measures it.
    QSet<QString> names;
    for (const Entry &e : m_entries)
        names.insert(e.item->id().ns());
    const QFontMetricsF metrics(groupFont());
    m_widestNamespace = 0.0;
    for (const QString &name : std::as_const(names))
        m_widestNamespace = std::max(m_widestNamespace, metrics.horizontalAdvance(name) + 4.0);
    if (m_hovered && std::none_of(m_entries.begin(), m_entries.end(),
                                  [this](const Entry &e) { return e.item == m_hovered; }))
        m_hovered = nullptr;
    invalidate();
}

void LabelLayerItem::setHovered(const NodeItem *item)
{
    if (item == m_hovered)
        return;
    m_hovered = item;
    update();
}

void LabelLayerItem::invalidate()
{
    m_placedLod = -1.0;
    recomputeBounds();
    update();
}

void LabelLayerItem::recomputeBounds()
{
    QRectF nodes;
    bool first = true;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    for (const Entry &e : m_entries) {
        const QPointF p = e.item->pos();
        if (first) {
            x0 = x1 = p.x();
            y0 = y1 = p.y();
            first = false;
        } else {
            x0 = std::min(x0, p.x());
            x1 = std::max(x1, p.x());
            y0 = std::min(y0, p.y());
            y1 = std::max(y1, p.y());
        }
    }
    if (!first) {
        const double margin = std::max(kBoundsMargin, 0.5 * m_widestNamespace / kMinLabelLod);
        nodes = QRectF(QPointF(x0, y0), QPointF(x1, y1)).adjusted(-margin, -margin, margin, margin);
    }
    if (nodes != m_bounds) {
        prepareGeometryChange();
        m_bounds = nodes;
    }
}

void LabelLayerItem::setInteracting(bool on)
{
    if (on == m_interacting)
        return;
    m_interacting = on;
    if (!on && m_placedLod >= 0.0) {
        m_placedLod = -1.0; // settle: place exactly for the current zoom
        update();
    }
}

void LabelLayerItem::place(double lod)
{
    const double key = placementKey(lod);
    if (key == m_placedLod)
        return;
    if (m_interacting && m_placedLod > 0.0 && key > m_placedLod &&
        (key < kLodGroupLabels) == (m_placedLod < kLodGroupLabels)) {
        // Zooming in: every label shrinks towards its anchor by the same factor, so the placed
        // ones stay apart; rescale them instead of placing 10,000 candidates on every step.
        const double ratio = LabelPlacer::labelScale(key) / LabelPlacer::labelScale(m_placedLod);
        for (Placed &p : m_placed) {
            if (p.node) {
                p.rect = LabelPlacer::nodeLabelRect(p.node->pos(), p.node->labelSize(), key);
            } else {
                const QPointF c = p.rect.center();
                const QSizeF size = p.rect.size() * ratio;
                p.rect = QRectF(c.x() - size.width() / 2, c.y() - size.height() / 2, size.width(),
                                size.height());
            }
        }
        m_placedLod = key;
        m_placer.reset(); // edge labels then only avoid each other until the view settles
        return;
    }
    m_placedLod = key;
    m_placed.clear();
    const double f = LabelPlacer::labelScale(key);
    m_placer = std::make_unique<LabelPlacer>(kLabelPixelSize * 1.4 * f);
    if (key < kLodGroupLabels) {
        placeNamespaces(*m_placer, key);
        return;
    }
    for (const Entry &e : m_entries) {
        const NodeItem *item = e.item;
        if (item->label().isEmpty())
            continue;
        const QRectF rect = LabelPlacer::nodeLabelRect(item->pos(), item->labelSize(), key);
        if (m_placer->tryPlace(rect))
            m_placed.push_back({rect, item->label(), Kind::Service, item, item->isDimmed()});
    }
}

void LabelLayerItem::placeNamespaces(LabelPlacer &placer, double lod)
{
    // Each namespace's label sits at the centroid of its services; the namespace holding the
    // worst service wins a collision, then the larger one.
    struct Group
    {
        QString name;
        QPointF sum;
        int count = 0;
        int severity = 0;
        bool dimmed = true;
    };
    QHash<QString, int> index;
    std::vector<Group> groups;
    for (const Entry &e : m_entries) {
        const QString ns = e.item->id().ns();
        auto it = index.constFind(ns);
        if (it == index.constEnd()) {
            it = index.insert(ns, int(groups.size()));
            groups.push_back({ns, {}, 0, 0, true});
        }
        Group &g = groups[size_t(*it)];
        g.sum += e.item->pos();
        ++g.count;
        g.severity = std::max(g.severity, e.severity);
        g.dimmed = g.dimmed && e.item->isDimmed();
    }
    std::sort(groups.begin(), groups.end(), [](const Group &a, const Group &b) {
        if (a.dimmed != b.dimmed)
            return b.dimmed;
        if (a.severity != b.severity)
            return a.severity > b.severity;
        if (a.count != b.count)
            return a.count > b.count;
        return a.name < b.name;
    });
    const QFontMetricsF metrics(groupFont());
    const double f = LabelPlacer::labelScale(lod);
    for (const Group &g : groups) {
        if (g.name.isEmpty())
            continue;
        const QPointF c = g.sum / g.count;
        const double w = (metrics.horizontalAdvance(g.name) + 4.0) * f;
        const double h = metrics.height() * f;
        const QRectF rect(c.x() - w / 2.0, c.y() - h / 2.0, w, h);
        if (placer.tryPlace(rect))
            m_placed.push_back({rect, g.name, Kind::Namespace, nullptr, g.dimmed});
    }
}

void LabelLayerItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod <= 0.0)
        return;
    place(lod);
    const QRectF exposed = option->exposedRect.isValid() && !option->exposedRect.isEmpty()
                               ? option->exposedRect
                               : m_bounds;
    const double f = LabelPlacer::labelScale(m_placedLod);
    const bool groups = m_placedLod < kLodGroupLabels;
    const QFont font = groups ? groupFont() : NodeItem::labelFont();
    const double ascent = QFontMetricsF(font).ascent();

    std::vector<const Placed *> shown;
    shown.reserve(m_placed.size());
    for (const Placed &p : m_placed) {
        if (p.rect.intersects(exposed))
            shown.push_back(&p);
    }
    const NodeItem *hovered = m_hovered;
    if (hovered && !groups) {
        for (const Placed *p : shown) {
            if (p->node == hovered)
                hovered = nullptr; // drawn anyway
        }
    }

    painter->setRenderHint(QPainter::Antialiasing, false);
    const QTransform world = painter->worldTransform();
    if (m_placedLod < 1.0 && world.type() <= QTransform::TxScale) {
        paintSprites(painter, shown);
    } else {
        // A light halo keeps a name readable where edges cross it.
        for (const Placed *p : shown)
            painter->fillRect(p->rect, QColor(255, 255, 255, p->dimmed ? 120 : 190));
        painter->setWorldTransform(QTransform::fromScale(f, f) * world);
        painter->setFont(font);
        const QColor normal = groups ? kGroupLabelColor : kLabelColor;
        const QColor faded = NodeItem::faded(normal, 0.8);
        for (const Placed *p : shown) {
            painter->setPen(p->dimmed ? faded : normal);
            drawLabelText(painter, p->rect, p->text, f, ascent);
        }
        painter->setWorldTransform(world);
    }

    if (m_edges && m_edges->labelMode() != EdgeLabelMode::None && lod >= kLodEdgeLabels)
        paintEdgeLabels(painter, exposed, lod);

    if (hovered && !hovered->label().isEmpty()) {
        // Hovering a service whose label lost a collision shows it, on top of everything.
        const double hf = LabelPlacer::labelScale(lod);
        const QRectF rect = LabelPlacer::nodeLabelRect(hovered->pos(), hovered->labelSize(), lod);
        painter->fillRect(rect, QColor(255, 255, 255, 235));
        painter->setWorldTransform(QTransform::fromScale(hf, hf) * world);
        painter->setFont(NodeItem::labelFont());
        painter->setPen(kLabelColor);
        drawLabelText(painter, rect, hovered->label(), hf,
                      QFontMetricsF(NodeItem::labelFont()).ascent());
        painter->setWorldTransform(world);
    }
}

const QImage &LabelLayerItem::sprite(const Placed &placed)
{
    const QString key = QChar(u'0' + int(placed.kind) * 2 + (placed.dimmed ? 1 : 0)) + placed.text;
    const auto it = m_sprites.constFind(key);
    if (it != m_sprites.constEnd())
        return *it;
    // The label at scale 1 (its size in font units), as paint() draws it: halo, then text.
    const bool group = placed.kind == Kind::Namespace;
    const QFont font = group ? groupFont() : NodeItem::labelFont();
    const QSizeF size = placed.rect.size() / LabelPlacer::labelScale(m_placedLod);
    QImage image(std::max(1, int(std::ceil(size.width() * m_spriteDpr))),
                 std::max(1, int(std::ceil(size.height() * m_spriteDpr))),
                 QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(m_spriteDpr);
    image.fill(QColor(255, 255, 255, placed.dimmed ? 120 : 190));
    {
        QPainter p(&image);
        p.setRenderHint(QPainter::TextAntialiasing, true);
        p.setFont(font);
        const QColor normal = group ? kGroupLabelColor : kLabelColor;
        p.setPen(placed.dimmed ? NodeItem::faded(normal, 0.8) : normal);
        p.drawText(QPointF(1.0, QFontMetricsF(font).ascent()), placed.text);
    }
    return *m_sprites.insert(key, image);
}

void LabelLayerItem::paintSprites(QPainter *painter, const std::vector<const Placed *> &shown)
{
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    if (dpr != m_spriteDpr || m_sprites.size() > kMaxSprites) {
        m_sprites.clear();
        m_spriteDpr = dpr;
    }
    // In device pixels: a settled frame blits each label at its own size; while zooming in,
    // the kept placement is drawn shrunk towards the anchors (see place()).
    const QTransform world = painter->worldTransform();
    painter->setWorldTransform(QTransform());
    for (const Placed *p : shown) {
        const QImage &image = sprite(*p);
        const QRectF target = world.mapRect(p->rect);
        const QSizeF natural = image.deviceIndependentSize();
        if (std::abs(target.width() - natural.width()) < 1.0 &&
            std::abs(target.height() - natural.height()) < 1.0)
            painter->drawImage(QPointF(std::round(target.left()), std::round(target.top())), image);
        else
            painter->drawImage(target, image);
    }
    painter->setWorldTransform(world);
}

void LabelLayerItem::paintEdgeLabels(QPainter *painter, const QRectF &exposed, double lod)
{
    // Edge figures avoid the service labels and each other; only exposed edges are considered
    // (they appear from zoom kLodEdgeLabels, where few edges are on screen).
    const QFont font = edgeFont();
    const QFontMetricsF metrics(font);
    const double f = LabelPlacer::labelScale(lod);
    LabelPlacer own(metrics.height() * 1.4 * f);
    const auto &edges = m_edges->edges();
    const EdgeLabelMode mode = m_edges->labelMode();
    std::vector<std::pair<QRectF, int>> drawn;
    for (size_t i = 0; i < edges.size() && int(drawn.size()) < kMaxEdgeLabels; ++i) {
        QLineF l;
        if (edges[i].hidden || !m_edges->drawnSegment(int(i), &l))
            continue;
        const QPointF mid = l.center();
        if (!exposed.contains(mid))
            continue;
        const QString text = EdgeLayerItem::labelText(edges[i], mode);
        const double w = (metrics.horizontalAdvance(text) + 4.0) * f;
        const double h = metrics.height() * f;
        const QRectF rect(mid.x() - w / 2.0, mid.y() - h / 2.0, w, h);
        if ((m_placer && m_placer->collides(rect)) || !own.tryPlace(rect))
            continue;
        drawn.emplace_back(rect, int(i));
    }
    for (const auto &[rect, i] : drawn)
        painter->fillRect(rect, QColor(255, 255, 255, 220));
    const QTransform world = painter->worldTransform();
    painter->setWorldTransform(QTransform::fromScale(f, f) * world);
    painter->setFont(font);
    for (const auto &[rect, i] : drawn) {
        const EdgeLayerItem::Edge &e = edges[size_t(i)];
        painter->setPen(e.dimmed ? QColor(0xb0, 0xb0, 0xb0) : kEdgeLabelColor);
        drawLabelText(painter, rect.adjusted(f, 0, 0, 0), EdgeLayerItem::labelText(e, mode), f,
                      metrics.ascent());
    }
    painter->setWorldTransform(world);
}

} // namespace meshscope::widgets
