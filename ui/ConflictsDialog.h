#pragma once

#include <QDialog>
#include <QStringList>

class QLabel;
class QPushButton;
class QTableWidget;

namespace fieldsync {

class LocalStore;

// The device's open conflicts: each with its work order, field, my value, the other value, who wrote the
// other one and when. "Restore my value" makes my value a new local edit (LocalStore::updateRow, so it
// syncs like any edit) and marks the conflict resolved as "restored"; "Keep current value" marks it
// "kept_winner". Resolutions are queued for the hub (SyncStore::resolveConflict) and the conflict leaves
// the list. GUI thread only; reads and writes through the UI's store.
class ConflictsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConflictsDialog(LocalStore* store, QWidget* parent = nullptr);

    int conflictCount() const;
    // Selects a row of the list (tests and keyboard users start from the first).
    void selectConflict(int row);

public Q_SLOTS:
    void reload();
    void restoreSelected();
    void keepSelected();

Q_SIGNALS:
    void rowsEdited(const QString& table, const QStringList& ids); // values restored: views re-read these
    void localEditMade(); // a restored value is a local edit: the sync worker debounces a push
    void conflictsChanged(int openConflicts);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Entry
    {
        QString id;
        QString table;
        QString rowId;
        QString field;
        QString mine; // JSON-encoded
        QString other; // JSON-encoded
        bool mineLost = false; // my value is not the current one
    };
    void retranslateUi();
    void updateButtons();
    bool resolve(const QString& resolution, bool restore);
    QString displayValue(const QString& field, const QString& encoded) const;

    LocalStore* m_store;
    QList<Entry> m_entries;
    QLabel* m_intro = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_error = nullptr;
    QPushButton* m_restore = nullptr;
    QPushButton* m_keep = nullptr;
    QPushButton* m_close = nullptr;
};

} // namespace fieldsync
