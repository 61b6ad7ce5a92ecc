#pragma once

#include <QStringList>

namespace fieldsync::server {

// fieldsync-server's command line: serves by default; "device add|list|revoke" manage enrolment.
// Needs a QCoreApplication. Returns the process exit status.
int runCommandLine(const QStringList& arguments);

} // namespace fieldsync::server
