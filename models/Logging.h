#pragma once

#include <QLoggingCategory>

// The local store's logging category, "fieldsync.db".
Q_DECLARE_LOGGING_CATEGORY(lcFieldsyncDb)
