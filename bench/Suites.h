#pragma once

#include "BenchUtil.h"

namespace fieldsync::bench {

class Backends;

// Each suite prints its JSON lines and returns false when it could not run (the reason on stderr).
bool runServerSuite(const Options& options, Backends& backends);
bool runSyncSuite(const Options& options, Backends& backends);
bool runUiSuite(const Options& options);
// The UI measurements in a fresh process (started by runUiSuite): first paint counts from process start.
int runUiChild(const Options& options, const QString& databasePath);

} // namespace fieldsync::bench
