#include "SettingsDialog.h"

#include "Icons.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace fieldsync {

SettingsDialog::SettingsDialog(const AppSettings& settings, QWidget* parent)
    : QDialog(parent)
    , m_original(settings)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowIcon(Icons::icon(u"settings"));

    m_technician = new QLineEdit(settings.technicianName, this);
    m_technician->setObjectName(QStringLiteral("technicianLineEdit"));
    m_device = new QLineEdit(settings.deviceName, this);
    m_device->setObjectName(QStringLiteral("deviceLineEdit"));
    m_server = new QLineEdit(settings.serverUrl.toString(), this);
    m_server->setObjectName(QStringLiteral("serverUrlLineEdit"));
    m_server->setClearButtonEnabled(true);
    m_token = new QLineEdit(settings.deviceToken, this);
    m_token->setObjectName(QStringLiteral("tokenLineEdit"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setClearButtonEnabled(true);
    QAction* reveal = m_token->addAction(Icons::icon(u"reveal"), QLineEdit::TrailingPosition);
    reveal->setCheckable(true);
    reveal->setObjectName(QStringLiteral("revealTokenAction"));
    connect(reveal, &QAction::toggled, m_token,
        [this](bool on) { m_token->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password); });
    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_language->addItem(QString(), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->addItem(QStringLiteral("Español"), QStringLiteral("es"));
    m_language->setCurrentIndex(qMax(0, m_language->findData(settings.language)));

    m_technicianLabel = new QLabel(this);
    m_deviceLabel = new QLabel(this);
    m_serverLabel = new QLabel(this);
    m_tokenLabel = new QLabel(this);
    m_languageLabel = new QLabel(this);
    m_technicianLabel->setBuddy(m_technician);
    m_deviceLabel->setBuddy(m_device);
    m_serverLabel->setBuddy(m_server);
    m_tokenLabel->setBuddy(m_token);
    m_languageLabel->setBuddy(m_language);

    m_hintLabel = new QLabel(this);
    m_hintLabel->setWordWrap(true);
    m_hintLabel->setForegroundRole(QPalette::PlaceholderText);
    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("settingsErrorLabel"));
    m_errorLabel->setStyleSheet(QStringLiteral("color: #C62828;"));
    m_errorLabel->hide();

    auto* form = new QFormLayout;
    form->addRow(m_technicianLabel, m_technician);
    form->addRow(m_deviceLabel, m_device);
    form->addRow(m_serverLabel, m_server);
    form->addRow(m_tokenLabel, m_token);
    form->addRow(m_languageLabel, m_language);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hintLabel);
    layout->addWidget(m_errorLabel);
    layout->addStretch();
    layout->addWidget(m_buttons);

    connect(m_server, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    retranslateUi();
    resize(520, sizeHint().height());
}

AppSettings SettingsDialog::settings() const
{
    AppSettings s = m_original;
    s.technicianName = m_technician->text().trimmed();
    s.deviceName = m_device->text().trimmed();
    s.serverUrl = QUrl::fromUserInput(m_server->text().trimmed());
    if (m_server->text().trimmed().isEmpty())
        s.serverUrl = QUrl();
    s.deviceToken = m_token->text().trimmed();
    s.language = m_language->currentData().toString();
    return s;
}

void SettingsDialog::accept()
{
    validate();
    if (m_errorLabel->isVisible())
        return;
    QDialog::accept();
}

void SettingsDialog::validate()
{
    const QString text = m_server->text().trimmed();
    const QUrl url = QUrl::fromUserInput(text);
    const bool ok = text.isEmpty()
        || (url.isValid() && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))
            && !url.host().isEmpty());
    m_errorLabel->setText(ok ? QString() : tr("Enter the hub address as http://host:port or https://host."));
    m_errorLabel->setVisible(!ok);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

void SettingsDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void SettingsDialog::retranslateUi()
{
    setWindowTitle(tr("Settings"));
    m_technicianLabel->setText(tr("&Technician name:"));
    m_deviceLabel->setText(tr("&Device name:"));
    m_serverLabel->setText(tr("Sync &hub URL:"));
    m_tokenLabel->setText(tr("Device &token:"));
    m_languageLabel->setText(tr("&Language:"));
    m_technician->setPlaceholderText(tr("Your name, as work orders are assigned"));
    m_device->setPlaceholderText(tr("e.g. Van 12 laptop"));
    m_server->setPlaceholderText(tr("e.g. http://127.0.0.1:8787"));
    m_token->setPlaceholderText(tr("Paste the token from your supervisor"));
    m_language->setItemText(0, tr("System default"));
    if (auto* reveal = m_token->findChild<QAction*>(QStringLiteral("revealTokenAction")))
        reveal->setToolTip(tr("Show the token"));
    m_hintLabel->setText(tr("Leave the hub URL empty to work on this device only. "
                            "Language changes apply immediately."));
}

} // namespace fieldsync
