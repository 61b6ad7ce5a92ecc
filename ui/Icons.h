#pragma once

#include <QIcon>
#include <QStringView>

namespace fieldsync::Icons {

// The one way code fetches an icon: `name` is the file name under :/icons without ".svg"
// ("new", "delete", "sync", "synced", "dirty", "conflict", …). Icons are cached; GUI thread only.
QIcon icon(QStringView name);

// The application icon (fieldsync.svg).
QIcon appIcon();

} // namespace fieldsync::Icons
