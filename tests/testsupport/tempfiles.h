#pragma once

// Writing a test's input files into its temporary folder. Header-only; include as
// "tests/testsupport/tempfiles.h".

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>

namespace meshscope::testing {

// Writes `text` to `name` in `dir` (replacing it) and returns the path; with `permissions`, sets
// them (an executable script). A file that cannot be written stops the test run: every later
// check would fail for a reason that is not the subject's.
inline QString writeTempFile(const QTemporaryDir &dir, const QString &name, const QByteArray &text,
                             QFile::Permissions permissions = {})
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    f.write(text);
    f.close();
    if (permissions)
        f.setPermissions(permissions);
    return path;
}

} // namespace meshscope::testing
