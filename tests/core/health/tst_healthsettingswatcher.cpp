// HealthSettingsWatcher: the settings file is reloaded live as editors write it (in place or
// by rename), a broken file keeps the last good settings, a missing one starts on defaults.

#include "core/health/healthsettings.h"
#include "core/health/healthsettingswatcher.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace meshscope::core;

namespace {

void writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(f.errorString()));
    QCOMPARE(f.write(content), content.size());
}

QByteArray weightsYaml(double connectivity)
{
    return QByteArrayLiteral("weights:\n  connectivity: ") + QByteArray::number(connectivity) +
           QByteArrayLiteral("\n  stability: 0.35\n  protocol: 0.25\n");
}

} // namespace

class TestHealthSettingsWatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void watcherReloadsOnWrite()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("health.yaml"));
        writeFile(path, weightsYaml(0.5));
        HealthSettingsWatcher watcher(path);
        QVERIFY2(watcher.lastError().isEmpty(), qPrintable(watcher.lastError()));
        QCOMPARE(watcher.current().weights.connectivity, 0.5);

        QSignalSpy changed(&watcher, &HealthSettingsWatcher::settingsChanged);
        QSignalSpy failed(&watcher, &HealthSettingsWatcher::loadFailed);
        writeFile(path, weightsYaml(0.7));
        QTRY_COMPARE(changed.count(), 1);
        QCOMPARE(watcher.current().weights.connectivity, 0.7);
        QCOMPARE(changed.first().first().value<HealthSettings>().weights.connectivity, 0.7);
        QCOMPARE(failed.count(), 0);
    }

    void watcherKeepsLastGoodOnBrokenFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("health.yaml"));
        writeFile(path, weightsYaml(0.6));
        HealthSettingsWatcher watcher(path);
        QSignalSpy changed(&watcher, &HealthSettingsWatcher::settingsChanged);
        QSignalSpy failed(&watcher, &HealthSettingsWatcher::loadFailed);
        writeFile(path, "weights:\n  connectivity: -1\n");
        QTRY_VERIFY(failed.count() >= 1);
        QVERIFY2(failed.last().first().toString().contains(
                     QStringLiteral("health.yaml:2:17: weights.connectivity")),
                 qPrintable(failed.last().first().toString()));
        QCOMPARE(watcher.current().weights.connectivity, 0.6);
        QVERIFY(!watcher.lastError().isEmpty());
        QCOMPARE(changed.count(), 0);

        // Fixing the file clears the error and applies it.
        writeFile(path, weightsYaml(0.8));
        QTRY_COMPARE(changed.count(), 1);
        QVERIFY(watcher.lastError().isEmpty());
        QCOMPARE(watcher.current().weights.connectivity, 0.8);
    }

    void watcherFollowsReplaceByRename()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("health.yaml"));
        writeFile(path, weightsYaml(0.5));
        HealthSettingsWatcher watcher(path);
        QSignalSpy changed(&watcher, &HealthSettingsWatcher::settingsChanged);

        // What editors do: write a sibling, rename it over the original (a new inode).
        const QString tmp = dir.filePath(QStringLiteral(".health.yaml.swp"));
        writeFile(tmp, weightsYaml(0.9));
        QCOMPARE(
            std::rename(QFile::encodeName(tmp).constData(), QFile::encodeName(path).constData()),
            0);
        QTRY_COMPARE(changed.count(), 1);
        QCOMPARE(watcher.current().weights.connectivity, 0.9);

        // Still watched after the rename: an in-place write is seen too.
        writeFile(path, weightsYaml(0.3));
        QTRY_COMPARE(changed.count(), 2);
        QCOMPARE(watcher.current().weights.connectivity, 0.3);
    }

    void watcherStartsOnDefaultsWhenFileMissing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("later.yaml"));
        HealthSettingsWatcher watcher(path);
        QVERIFY(watcher.current() == HealthSettings{});
        QVERIFY(watcher.lastError().contains(QStringLiteral("later.yaml")));
        QSignalSpy changed(&watcher, &HealthSettingsWatcher::settingsChanged);
        writeFile(path, weightsYaml(0.2));
        QTRY_COMPARE(changed.count(), 1);
        QCOMPARE(watcher.current().weights.connectivity, 0.2);
    }
};

QTEST_GUILESS_MAIN(TestHealthSettingsWatcher)
#include "tst_healthsettingswatcher.moc"
