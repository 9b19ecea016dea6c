#pragma once

#include "core/result.h"
#include "core/session/connectionprofile.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

// connections.yaml to and from profiles; yaml-cpp stays in connectionyaml.cpp.
namespace meshscope::core::connectionyaml {

Result<QList<ConnectionProfile>> read(const QByteArray &yaml, const QString &origin,
                                      QStringList *warnings);
QByteArray write(const QList<ConnectionProfile> &profiles);

} // namespace meshscope::core::connectionyaml
