#pragma once

#include <QString>

namespace fieldsync {

// The translated, user-facing name of a synced field ("assigned_to" → "Assigned to"); unknown names are
// returned as they are. Shared by every view that names fields: conflicts dialog, fleet inbox, panels.
QString fieldLabel(const QString& field);

} // namespace fieldsync
