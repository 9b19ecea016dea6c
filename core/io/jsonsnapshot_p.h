#pragma once

// Private to jsonsnapshotwriter.cpp and jsonsnapshotreader.cpp: what both sides of the format
// must agree on.

namespace meshscope::core::jsonsnapshot {

constexpr auto kFormat = "meshscope-snapshot";
// Version 2: health.reason is an object (code and figures) instead of an English sentence.
constexpr int kVersion = 2;
constexpr int kOldestReadable = 1; // version 1 reads with its reasons dropped (code "none")

} // namespace meshscope::core::jsonsnapshot
