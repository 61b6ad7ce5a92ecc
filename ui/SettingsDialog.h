#pragma once

#include "AppSettings.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace fieldsync {

// Edits AppSettings: technician name, device name, sync hub URL, device token and language.
// The token field is masked; the dialog validates the URL before accepting.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(const AppSettings& settings, QWidget* parent = nullptr);

    AppSettings settings() const;

    void accept() override;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void validate();

    AppSettings m_original;
    QLabel* m_technicianLabel = nullptr;
    QLabel* m_deviceLabel = nullptr;
    QLabel* m_serverLabel = nullptr;
    QLabel* m_tokenLabel = nullptr;
    QLabel* m_languageLabel = nullptr;
    QLabel* m_errorLabel = nullptr;
    QLabel* m_hintLabel = nullptr;
    QLineEdit* m_technician = nullptr;
    QLineEdit* m_device = nullptr;
    QLineEdit* m_server = nullptr;
    QLineEdit* m_token = nullptr;
    QComboBox* m_language = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace fieldsync
