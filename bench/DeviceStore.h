#pragma once

#include <QString>

namespace fieldsync::bench {

// Creates an empty device database at `path` whose device id (the HLC node and the id the device pushes
// as) is `deviceId`, the id the hub enrolled it under. The store makes its own id on first open; a device
// set up for a hub adopts the enrolled one before its first edit.
bool createDeviceStore(const QString& path, const QString& deviceId, QString* error);

} // namespace fieldsync::bench
