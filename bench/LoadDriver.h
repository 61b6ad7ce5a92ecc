#pragma once

#include "RawClient.h"

#include <QList>

#include <functional>

namespace fieldsync::bench {

// Runs D simulated devices concurrently on the calling thread's event loop, each with one request in
// flight at a time: `step(device, done)` starts the device's next request and returns true, or returns
// false when the device has nothing left. Every finished request's latency goes into latenciesMs.
struct LoadResult
{
    double secs = 0;
    QList<double> latenciesMs;
    int requests = 0;
    int failures = 0;
    QString firstError;
};

using StepFn = std::function<bool(int device, RawClient::Done done)>;
using CheckFn = std::function<QString(int device, const HttpResult& r)>; // "" = fine, else an error

LoadResult runConcurrent(int devices, const StepFn& step, const CheckFn& check);

} // namespace fieldsync::bench
