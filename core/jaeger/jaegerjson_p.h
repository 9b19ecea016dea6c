#pragma once

// Private to core/jaeger: reading a Jaeger answer's body as JSON, with errors that name the URL,
// the status and what was wrong (shared by the v1 and v3 parsers).

#include "core/net/httptypes.h"
#include "core/result.h"

#include <QJsonDocument>

namespace meshscope::core::jaeger_detail {

Error shapeError(const HttpResponse &r, const QString &where, const QString &what);
QString statusText(const HttpResponse &r);
// The first JSON value of the body from `from` on; `consumed` (optional) says where it ended,
// so a stream of concatenated objects (the v3 gateway's chunks) can be read one by one.
Result<QJsonDocument> jsonAt(const HttpResponse &r, qsizetype from, qsizetype *consumed);
// Refuses bodies over the cap and bodies that are not JSON (an HTML page, "404 page not
// found"); Jaeger sends its JSON errors as text/plain, so the body decides, not the type.
Result<void> checkJsonBody(const HttpResponse &r);

} // namespace meshscope::core::jaeger_detail
