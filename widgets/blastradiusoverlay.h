#pragma once

// The chaos experiment on the topology view: before a run, the predicted blast radius (the
// services upstream of the fault's targets, chaos::BlastRadius) as orange halos whose width and
// strength follow the dependency weight, with the weight written next to them; during the run,
// the targets as red rings. Above the nodes, transparent to the mouse; places are read from the
// scene at paint time, so the marks follow a refresh or a drag (call geometryChanged()).

#include <QColor>
#include <QGraphicsObject>
#include <QHash>
#include <QStringList>

namespace meshscope::widgets {

class TopologyScene;

class BlastRadiusOverlay : public QGraphicsObject
{
    Q_OBJECT
public:
    enum
    {
        Type = UserType + 9
    };

    explicit BlastRadiusOverlay(const TopologyScene *scene);

    // Services are "namespace/name", as chaos::ExperimentSample::serviceKey spells them.
    const QHash<QString, double> &predicted() const { return m_predicted; }
    const QStringList &targets() const { return m_targets; }
    // How many marks have a place on the graph now (services not shown are not marked).
    int markedPredicted() const;
    int markedTargets() const;
    bool isEmpty() const { return m_predicted.isEmpty() && m_targets.isEmpty(); }

    static QColor predictedColor();
    static QColor targetColor();

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

public Q_SLOTS:
    // Weight in (0, 1] per service upstream of the targets; replaces the previous prediction.
    void showBlastRadius(const QHash<QString, double> &weights);
    void showTargets(const QStringList &services);
    void clear();
    void geometryChanged();

private:
    const TopologyScene *m_scene = nullptr;
    QHash<QString, double> m_predicted;
    QStringList m_targets;
    QHash<QString, QPointF> m_places; // service -> node centre, as of geometryChanged()
    QRectF m_bounds;
};

} // namespace meshscope::widgets
