#pragma once

// YAML text <-> JSON values, the one place yaml-cpp is used for manifests. Kubernetes objects are
// JSON on the wire, so a manifest lives as a QJsonObject; YAML is only how a user reads and
// edits it. Scalars resolve the way the API server's YAML reader (go-yaml v2, YAML 1.1) does:
// `15` is an integer, `"15"` a string, `yes` a boolean.

#include "chaos/manifest/manifesttypes.h"
#include "core/result.h"

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <vector>

namespace meshscope::chaos {

struct YamlDocument
{
    QJsonValue value;
    TextPositions positions;
};

class YamlCodec
{
public:
    // Every document of a (possibly multi-document) YAML text. Errors carry line:column.
    static Result<std::vector<YamlDocument>> parseAll(const QByteArray &text);
    // Exactly one document.
    static Result<YamlDocument> parse(const QByteArray &text);
    // Block-style YAML; strings that would read back as another type are quoted.
    static QByteArray dump(const QJsonValue &value);
};

} // namespace meshscope::chaos
