#pragma once

// Saved node positions and pins, so a hand-arranged graph can be restored later.
// Format (JSON): {"format":"meshscope-layout","version":1,"source":"demo:shop",
//                 "nodes":[{"id":"demo/shop/cart","x":12.5,"y":-40,"pinned":true}, ...]}

#include "core/layout/layouttypes.h"
#include "core/result.h"

namespace meshscope::core {

struct SavedLayout
{
    QString source;
    Positions positions;
    NodeIdSet pinned;
};

class LayoutFile
{
public:
    static QByteArray toJson(const SavedLayout &layout);
    static Result<SavedLayout> fromJson(const QByteArray &json, const QString &origin);
    static Result<void> save(const SavedLayout &layout, const QString &path);
    static Result<SavedLayout> load(const QString &path);
};

} // namespace meshscope::core
