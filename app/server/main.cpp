#include "CommandLine.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("FieldSync"));
    QCoreApplication::setApplicationName(QStringLiteral("fieldsync-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FIELDSYNC_VERSION));
    return fieldsync::server::runCommandLine(QCoreApplication::arguments());
}
