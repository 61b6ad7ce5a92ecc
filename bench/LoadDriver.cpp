#include "LoadDriver.h"

#include <QElapsedTimer>
#include <QEventLoop>

#include <memory>

namespace fieldsync::bench {

LoadResult runConcurrent(int devices, const StepFn& step, const CheckFn& check)
{
    LoadResult result;
    QEventLoop loop;
    int active = devices;
    QElapsedTimer timer;
    timer.start();

    // Each device's loop holds itself through a shared function; it ends when step() returns false.
    auto next = std::make_shared<std::function<void(int)>>();
    *next = [&, next](int device) {
        const bool started = step(device, [&, device, next](const HttpResult& r) {
            ++result.requests;
            result.latenciesMs << r.ms;
            const QString error = check(device, r);
            if (!error.isEmpty()) {
                ++result.failures;
                if (result.firstError.isEmpty())
                    result.firstError = error;
            }
            (*next)(device);
        });
        if (!started && --active == 0)
            loop.quit();
    };
    for (int d = 0; d < devices; ++d)
        (*next)(d);
    if (active > 0)
        loop.exec();
    result.secs = double(timer.nsecsElapsed()) / 1e9;
    *next = nullptr; // break the self-reference
    return result;
}

} // namespace fieldsync::bench
