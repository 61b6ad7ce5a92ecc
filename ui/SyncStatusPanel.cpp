#include "SyncStatusPanel.h"

#include "LocalStore.h"

#include <QDateTime>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSqlQuery>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fieldsync {

namespace {

constexpr int LogRows = 50;
constexpr int LatencyRows = 20;

QTableWidget* makeTable(const QString& objectName, int columns, QWidget* parent)
{
    auto* table = new QTableWidget(0, columns, parent);
    table->setObjectName(objectName);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setAlternatingRowColors(true);
    return table;
}

void setCell(QTableWidget* table, int row, int column, const QString& text, bool number = false)
{
    auto* item = new QTableWidgetItem(text);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    table->setItem(row, column, item);
}

} // namespace

SyncStatusPanel::SyncStatusPanel(LocalStore* store, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
{
    setObjectName(QStringLiteral("syncStatusPanel"));
    auto* layout = new QVBoxLayout(this);

    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("syncStateLabel"));
    m_stateLabel->setWordWrap(true);
    layout->addWidget(m_stateLabel);

    auto* form = new QFormLayout;
    auto addRow = [&](QLabel*& caption, QLabel*& value, const char* name) {
        caption = new QLabel(this);
        value = new QLabel(this);
        value->setObjectName(QString::fromLatin1(name));
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(true);
        form->addRow(caption, value);
    };
    addRow(m_unsyncedCaption, m_unsyncedLabel, "unsyncedChangesLabel");
    addRow(m_lastSyncCaption, m_lastSyncLabel, "lastSyncLabel");
    addRow(m_auditCaption, m_auditLabel, "lastAuditLabel");
    addRow(m_quarantineCaption, m_quarantineLabel, "quarantineLabel");
    layout->addLayout(form);

    auto* buttons = new QHBoxLayout;
    m_syncNowButton = new QPushButton(this);
    m_syncNowButton->setObjectName(QStringLiteral("syncNowButton"));
    m_auditButton = new QPushButton(this);
    m_auditButton->setObjectName(QStringLiteral("runAuditButton"));
    buttons->addWidget(m_syncNowButton);
    buttons->addWidget(m_auditButton);
    buttons->addStretch();
    layout->addLayout(buttons);
    connect(m_syncNowButton, &QPushButton::clicked, this, &SyncStatusPanel::syncNowRequested);
    connect(m_auditButton, &QPushButton::clicked, this, &SyncStatusPanel::auditRequested);

    m_logCaption = new QLabel(this);
    layout->addWidget(m_logCaption);
    m_logTable = makeTable(QStringLiteral("syncLogTable"), 7, this);
    layout->addWidget(m_logTable, 2);

    m_latencyCaption = new QLabel(this);
    layout->addWidget(m_latencyCaption);
    m_latencyTable = makeTable(QStringLiteral("latencyTable"), 4, this);
    layout->addWidget(m_latencyTable, 1);

    retranslateUi();
    refresh();
}

void SyncStatusPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        refresh();
    }
    QWidget::changeEvent(event);
}

void SyncStatusPanel::retranslateUi()
{
    m_unsyncedCaption->setText(tr("Unsynced changes:"));
    m_lastSyncCaption->setText(tr("Last successful sync:"));
    m_auditCaption->setText(tr("Last integrity check:"));
    m_quarantineCaption->setText(tr("Changes refused by the hub:"));
    m_syncNowButton->setText(tr("Sync now"));
    m_auditButton->setText(tr("Check integrity now"));
    m_logCaption->setText(tr("Recent sync log"));
    m_latencyCaption->setText(tr("Latency of the last changes (edit → hub)"));
    m_logTable->setHorizontalHeaderLabels(
        { tr("Started"), tr("Kind"), tr("Sent"), tr("Received"), tr("Conflicts"), tr("Duration"), tr("Result") });
    m_latencyTable->setHorizontalHeaderLabels({ tr("Work order"), tr("Edited"), tr("Reached the hub"), tr("Latency") });
    updateStateLabel();
}

QString SyncStatusPanel::formatTime(qint64 ms) const
{
    if (ms <= 0)
        return tr("never");
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms).toLocalTime(), QLocale::ShortFormat);
}

namespace {

QString formatDuration(qint64 ms)
{
    if (ms < 1000)
        return SyncStatusPanel::tr("%1 ms").arg(ms);
    if (ms < 120'000)
        return SyncStatusPanel::tr("%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', 1));
    if (ms < 2 * 3600'000)
        return SyncStatusPanel::tr("%1 min").arg(ms / 60'000);
    return SyncStatusPanel::tr("%1 h").arg(QLocale().toString(double(ms) / 3600'000.0, 'f', 1));
}

} // namespace

void SyncStatusPanel::setStatus(const SyncStatus& status)
{
    m_status = status;
    m_haveStatus = true;
    refresh();
}

void SyncStatusPanel::setAuditResult(const AuditResult&)
{
    refresh();
}

void SyncStatusPanel::updateStateLabel()
{
    if (!m_haveStatus) {
        m_stateLabel->setText(tr("Sync has not run since FieldSync started."));
        return;
    }
    QString text;
    switch (m_status.state) {
    case SyncStatus::State::Disabled:
        text = tr("Sync is off: changes stay on this device.");
        break;
    case SyncStatus::State::Idle:
        text = tr("Waiting for the next sync.");
        break;
    case SyncStatus::State::Offline:
        text = tr("Offline: changes are kept on this device and sync later.");
        break;
    case SyncStatus::State::Syncing:
        text = tr("Syncing…");
        break;
    case SyncStatus::State::UpToDate:
        text = tr("Up to date.");
        break;
    case SyncStatus::State::Error:
        text = tr("Sync error.");
        break;
    case SyncStatus::State::AuthError:
        text = tr("The hub refused this device.");
        break;
    }
    if (!m_status.error.isEmpty())
        text += u' ' + m_status.error;
    if (!m_status.hint.isEmpty())
        text += u' ' + m_status.hint;
    if (m_status.nextAttempt.isValid())
        text += u' '
            + tr("Next attempt at %1.")
                  .arg(QLocale().toString(m_status.nextAttempt.toLocalTime().time(), QLocale::ShortFormat));
    m_stateLabel->setText(text);
}

void SyncStatusPanel::refresh()
{
    updateStateLabel();
    if (!m_store || !m_store->isOpen())
        return;
    QSqlQuery q(m_store->database());
    q.setForwardOnly(true);

    int unsyncedRows = 0;
    int unsyncedFields = 0;
    if (q.exec(QStringLiteral("SELECT COUNT(DISTINCT tbl || ' ' || row_id), COUNT(*) FROM outbox")) && q.next()) {
        unsyncedRows = q.value(0).toInt();
        unsyncedFields = q.value(1).toInt();
    }
    qint64 oldest = 0;
    if (q.exec(QStringLiteral("SELECT MIN(edited_at) FROM outbox")) && q.next())
        oldest = q.value(0).toLongLong();
    if (unsyncedRows == 0)
        m_unsyncedLabel->setText(tr("none"));
    else
        m_unsyncedLabel->setText(tr("%n work order(s)", nullptr, unsyncedRows) + u' '
            + tr("(%n field(s), oldest edit %1)", nullptr, unsyncedFields).arg(formatTime(oldest)));

    m_lastSyncLabel->setText(formatTime(m_store->meta(QStringLiteral("sync_last_success")).toLongLong()));

    const qint64 auditAt = m_store->meta(QStringLiteral("sync_last_audit_result")).isEmpty()
        ? 0
        : m_store->meta(QStringLiteral("sync_last_audit_at")).toLongLong();
    const QString auditResult = m_store->meta(QStringLiteral("sync_last_audit_result"));
    QString auditText;
    if (auditAt == 0)
        auditText = tr("never");
    else if (auditResult == u"match")
        auditText = tr("%1 — data matches the hub").arg(formatTime(auditAt));
    else if (auditResult == u"repaired")
        auditText = tr("%1 — differences found and repaired").arg(formatTime(auditAt));
    else
        auditText = tr("%1 — the check could not finish").arg(formatTime(auditAt));
    const QString auditMessage = m_store->meta(QStringLiteral("sync_last_audit_message"));
    m_auditLabel->setText(auditText);
    m_auditLabel->setToolTip(auditMessage);

    int quarantined = 0;
    QStringList reasons;
    if (q.exec(QStringLiteral("SELECT row_id, field, reason FROM quarantine ORDER BY at DESC LIMIT 20"))) {
        while (q.next()) {
            ++quarantined;
            reasons
                << tr("%1, field “%2”: %3").arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString());
        }
    }
    if (q.exec(QStringLiteral("SELECT COUNT(*) FROM quarantine")) && q.next())
        quarantined = q.value(0).toInt();
    m_quarantineLabel->setText(quarantined == 0 ? tr("none") : tr("%n change(s)", nullptr, quarantined));
    m_quarantineLabel->setToolTip(reasons.join(u'\n'));

    m_logTable->setRowCount(0);
    q.prepare(QStringLiteral("SELECT started_at, kind, pushed, pulled, conflicts, duration_ms, error FROM sync_log "
                             "ORDER BY id DESC LIMIT ?"));
    q.addBindValue(LogRows);
    if (q.exec()) {
        while (q.next()) {
            const int row = m_logTable->rowCount();
            m_logTable->insertRow(row);
            const QString kind = q.value(1).toString();
            setCell(m_logTable, row, 0, formatTime(q.value(0).toLongLong()));
            setCell(m_logTable, row, 1,
                kind == u"sync"        ? tr("sync")
                    : kind == u"audit" ? tr("integrity check")
                    : kind == u"reset" ? tr("full resync")
                                       : kind);
            setCell(m_logTable, row, 2, QLocale().toString(q.value(2).toLongLong()), true);
            setCell(m_logTable, row, 3, QLocale().toString(q.value(3).toLongLong()), true);
            setCell(m_logTable, row, 4, QLocale().toString(q.value(4).toLongLong()), true);
            setCell(m_logTable, row, 5, formatDuration(q.value(5).toLongLong()), true);
            const QString error = q.value(6).toString();
            setCell(m_logTable, row, 6, error.isEmpty() ? tr("OK") : error);
        }
    }

    m_latencyTable->setRowCount(0);
    q.prepare(QStringLiteral("SELECT l.row_id, l.edited_at, l.acked_at, l.latency_ms, w.title FROM latency_samples l "
                             "LEFT JOIN work_orders w ON w.id = l.row_id ORDER BY l.acked_at DESC LIMIT ?"));
    q.addBindValue(LatencyRows);
    if (q.exec()) {
        while (q.next()) {
            const int row = m_latencyTable->rowCount();
            m_latencyTable->insertRow(row);
            const QString title = q.value(4).toString();
            setCell(m_latencyTable, row, 0, title.isEmpty() ? q.value(0).toString() : title);
            setCell(m_latencyTable, row, 1, formatTime(q.value(1).toLongLong()));
            setCell(m_latencyTable, row, 2, formatTime(q.value(2).toLongLong()));
            setCell(m_latencyTable, row, 3, formatDuration(q.value(3).toLongLong()), true);
        }
    }
}

} // namespace fieldsync
