#include "AppSettings.h"

#include <QSettings>
#include <QSysInfo>

namespace fieldsync {

namespace Keys {
const QString Technician = QStringLiteral("technician/name");
const QString Device = QStringLiteral("device/name");
const QString Server = QStringLiteral("sync/serverUrl");
const QString Token = QStringLiteral("sync/deviceToken");
const QString Language = QStringLiteral("ui/language");
} // namespace Keys

AppSettings AppSettings::load()
{
    QSettings settings;
    AppSettings s;
    s.technicianName = settings.value(Keys::Technician).toString();
    s.deviceName = settings.value(Keys::Device, QSysInfo::machineHostName()).toString();
    s.serverUrl = QUrl(settings.value(Keys::Server).toString());
    s.deviceToken = settings.value(Keys::Token).toString();
    s.language = settings.value(Keys::Language).toString();
    return s;
}

void AppSettings::save() const
{
    QSettings settings;
    settings.setValue(Keys::Technician, technicianName.trimmed());
    settings.setValue(Keys::Device, deviceName.trimmed());
    settings.setValue(Keys::Server, serverUrl.toString());
    settings.setValue(Keys::Token, deviceToken.trimmed());
    settings.setValue(Keys::Language, language);
}

} // namespace fieldsync
