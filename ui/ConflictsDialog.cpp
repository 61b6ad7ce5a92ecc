#include "ConflictsDialog.h"

#include "FieldLabels.h"
#include "LocalStore.h"
#include "Schema.h"
#include "SyncStore.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QEvent>
#include <QHeaderView>
#include <QJsonValue>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSqlQuery>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fieldsync {

namespace {
enum Column { TitleColumn, FieldColumn, MineColumn, OtherColumn, WhoColumn, WhenColumn, ColumnCount };
}

ConflictsDialog::ConflictsDialog(LocalStore* store, QWidget* parent)
    : QDialog(parent)
    , m_store(store)
{
    setObjectName(QStringLiteral("conflictsDialog"));
    resize(860, 420);
    auto* layout = new QVBoxLayout(this);
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    layout->addWidget(m_intro);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("conflictsTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(true);
    layout->addWidget(m_table, 1);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("conflictErrorLabel"));
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);

    auto* buttons = new QDialogButtonBox(this);
    m_restore = buttons->addButton(QString(), QDialogButtonBox::ActionRole);
    m_restore->setObjectName(QStringLiteral("restoreButton"));
    m_keep = buttons->addButton(QString(), QDialogButtonBox::ActionRole);
    m_keep->setObjectName(QStringLiteral("keepButton"));
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_close->setObjectName(QStringLiteral("closeButton"));
    layout->addWidget(buttons);

    connect(m_restore, &QPushButton::clicked, this, &ConflictsDialog::restoreSelected);
    connect(m_keep, &QPushButton::clicked, this, &ConflictsDialog::keepSelected);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ConflictsDialog::updateButtons);

    retranslateUi();
    reload();
}

void ConflictsDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        reload();
    }
    QDialog::changeEvent(event);
}

void ConflictsDialog::retranslateUi()
{
    setWindowTitle(tr("Conflicts"));
    m_intro->setText(tr("Someone else changed the same field while you were offline. The hub kept one value; "
                        "nothing was thrown away. Restore your value to make it the current one again, or keep "
                        "the current value."));
    m_table->setHorizontalHeaderLabels(
        { tr("Work order"), tr("Field"), tr("My value"), tr("Other value"), tr("Who"), tr("When") });
    m_restore->setText(tr("Restore my value"));
    m_keep->setText(tr("Keep current value"));
}

int ConflictsDialog::conflictCount() const
{
    return int(m_entries.size());
}

void ConflictsDialog::selectConflict(int row)
{
    m_table->selectRow(row);
    updateButtons();
}

QString ConflictsDialog::displayValue(const QString& field, const QString& encoded) const
{
    const QJsonValue value = SyncStore::decodeValue(encoded);
    if (field == Schema::DeletedField)
        return value.toBool() ? tr("deleted") : tr("not deleted");
    const QString text = value.toString();
    return text.isEmpty() ? tr("(empty)") : text;
}

void ConflictsDialog::reload()
{
    m_entries.clear();
    m_table->setRowCount(0);
    if (!m_store || !m_store->isOpen()) {
        updateButtons();
        return;
    }
    const QString me = m_store->deviceId();
    QSqlQuery q(m_store->database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT c.id, c.tbl, c.row_id, c.field, c.winner_value, c.loser_value, c.winner_device, c.loser_device, "
        "c.winner_technician, c.loser_technician, c.created_at, w.title FROM conflicts c "
        "LEFT JOIN work_orders w ON c.tbl = 'work_orders' AND w.id = c.row_id "
        "WHERE c.resolved = 0 ORDER BY c.created_at, c.id"));
    if (!q.exec()) {
        m_error->setText(tr("The conflicts could not be read."));
        m_error->show();
        updateButtons();
        return;
    }
    while (q.next()) {
        Entry e;
        e.id = q.value(0).toString();
        e.table = q.value(1).toString();
        e.rowId = q.value(2).toString();
        e.field = q.value(3).toString();
        const bool iWon = q.value(6).toString() == me && q.value(7).toString() != me;
        e.mine = iWon ? q.value(4).toString() : q.value(5).toString();
        e.other = iWon ? q.value(5).toString() : q.value(4).toString();
        e.mineLost = !iWon;
        QString who = iWon ? q.value(9).toString() : q.value(8).toString();
        if (who.isEmpty())
            who = iWon ? q.value(7).toString() : q.value(6).toString();
        const QDateTime at = QDateTime::fromString(q.value(10).toString(), Qt::ISODateWithMs);
        const QString title = q.value(11).toString();

        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, TitleColumn, new QTableWidgetItem(title.isEmpty() ? e.rowId : title));
        m_table->setItem(row, FieldColumn, new QTableWidgetItem(fieldLabel(e.field)));
        auto* mine = new QTableWidgetItem(displayValue(e.field, e.mine));
        if (!e.mineLost)
            mine->setToolTip(tr("Your value is the current one."));
        m_table->setItem(row, MineColumn, mine);
        m_table->setItem(row, OtherColumn, new QTableWidgetItem(displayValue(e.field, e.other)));
        m_table->setItem(row, WhoColumn, new QTableWidgetItem(who));
        m_table->setItem(row, WhenColumn,
            new QTableWidgetItem(
                at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) : q.value(10).toString()));
        m_entries << e;
    }
    m_table->resizeColumnsToContents();
    if (!m_entries.isEmpty() && m_table->selectedItems().isEmpty())
        m_table->selectRow(0);
    updateButtons();
}

void ConflictsDialog::updateButtons()
{
    const int row = m_table->currentRow();
    const bool valid = row >= 0 && row < m_entries.size() && !m_table->selectedItems().isEmpty();
    m_restore->setEnabled(valid && m_entries.at(row).mineLost);
    m_keep->setEnabled(valid);
}

void ConflictsDialog::restoreSelected()
{
    resolve(QStringLiteral("restored"), true);
}

void ConflictsDialog::keepSelected()
{
    resolve(QStringLiteral("kept_winner"), false);
}

bool ConflictsDialog::resolve(const QString& resolution, bool restore)
{
    const int row = m_table->currentRow();
    if (row < 0 || row >= m_entries.size())
        return false;
    const Entry e = m_entries.at(row);
    m_error->hide();
    if (restore) {
        const QVariant value = SyncStore::decodeValue(e.mine).toVariant();
        if (!m_store->updateRow(e.table, e.rowId, { { e.field, value.isNull() ? QVariant(QString()) : value } })) {
            m_error->setText(tr("Your value could not be restored: %1").arg(m_store->lastError().message));
            m_error->show();
            return false;
        }
    }
    QString error;
    if (!SyncStore::resolveConflict(m_store, e.id, resolution, &error)) {
        m_error->setText(tr("The conflict could not be marked as resolved: %1").arg(error));
        m_error->show();
        return false;
    }
    reload();
    if (restore) {
        emit rowsEdited(e.table, { e.rowId });
        emit localEditMade();
    }
    emit conflictsChanged(m_store->openConflictCount());
    if (row < m_entries.size())
        selectConflict(row);
    return true;
}

} // namespace fieldsync
