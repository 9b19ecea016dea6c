#pragma once

#include <QString>

#include <functional>

namespace meshscope::app {

// Where the window's helpers (export flows, demo faults) report a failure a user must see: a
// title and a message naming what went wrong. The window shows it in a non-blocking box.
using ErrorSink = std::function<void(const QString &title, const QString &message)>;

} // namespace meshscope::app
