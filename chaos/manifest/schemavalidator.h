#pragma once

// Validates a JSON value against a Kubernetes structural schema (the `openAPIV3Schema` of a
// CRD version): types, enums, required, patterns, minimum/maximum, lengths, nested objects and
// arrays, nullable, int-or-string, list-type set/map, and unknown fields. Messages follow the
// API server's wording so the local check and a server dry run read the same.

#include "chaos/manifest/manifesttypes.h"

#include <QJsonObject>
#include <QJsonValue>

namespace meshscope::chaos {

class SchemaValidator
{
public:
    // Appends one issue per problem found below `path` (empty for the document root).
    static void validate(const QJsonValue &value, const QJsonObject &schema, const QString &path,
                         ValidationIssues *issues);
};

} // namespace meshscope::chaos
