#include "WorkOrderForm.h"

#include "Icons.h"
#include "Schema.h"
#include "WorkOrderModel.h"

#include <QCalendarWidget>
#include <QComboBox>
#include <QDataWidgetMapper>
#include <QDate>
#include <QDateEdit>
#include <QDateTime>
#include <QEvent>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QVBoxLayout>

namespace fieldsync {

namespace {

const QDate NoDueDate(2000, 1, 1);
const char* const UserEditedProperty = "fieldsyncUserEdited";

QString editorValue(QWidget* editor)
{
    if (auto* combo = qobject_cast<QComboBox*>(editor))
        return combo->currentData().toString();
    if (auto* date = qobject_cast<QDateEdit*>(editor))
        return date->date() == NoDueDate ? QString() : date->date().toString(Qt::ISODate);
    if (auto* line = qobject_cast<QLineEdit*>(editor))
        return line->text();
    if (auto* text = qobject_cast<QPlainTextEdit*>(editor))
        return text->toPlainText();
    return {};
}

// Moves values between the model's EditRole and the form's widgets. Never rewrites a widget whose
// content already matches (the cursor stays put), and never one the user is typing into.
class FieldDelegate : public QStyledItemDelegate
{
public:
    FieldDelegate(WorkOrderForm* form, WorkOrderModel* model)
        : QStyledItemDelegate(form)
        , m_form(form)
        , m_model(model)
    { }

    void setEditorData(QWidget* editor, const QModelIndex& index) const override
    {
        const QString value = index.data(Qt::EditRole).toString();
        if (editorValue(editor) == value) {
            editor->setProperty(UserEditedProperty, false);
            if (editor->objectName() == QLatin1String("titleLineEdit"))
                m_form->setTitleError(false);
            return;
        }
        if (editor->property(UserEditedProperty).toBool() && editor->hasFocus()) {
            m_form->noteRemoteChangeWhileEditing();
            return;
        }
        const bool wasPopulating = m_form->isPopulating();
        m_form->setPopulating(true);
        if (auto* combo = qobject_cast<QComboBox*>(editor)) {
            combo->setCurrentIndex(combo->findData(value));
        } else if (auto* date = qobject_cast<QDateEdit*>(editor)) {
            const QDate d = QDate::fromString(value, Qt::ISODate);
            date->setDate(d.isValid() ? d : NoDueDate);
        } else if (auto* line = qobject_cast<QLineEdit*>(editor)) {
            line->setText(value);
            line->setCursorPosition(0);
        } else if (auto* text = qobject_cast<QPlainTextEdit*>(editor)) {
            text->setPlainText(value);
        }
        editor->setProperty(UserEditedProperty, false);
        if (editor->objectName() == QLatin1String("titleLineEdit"))
            m_form->setTitleError(false);
        m_form->setPopulating(wasPopulating);
    }

    void setModelData(QWidget* editor, QAbstractItemModel*, const QModelIndex& index) const override
    {
        const QString value = editorValue(editor);
        if (editor->objectName() == QLatin1String("titleLineEdit")) {
            const bool invalid = value.trimmed().isEmpty();
            m_form->setTitleError(invalid);
            if (invalid)
                return;
        }
        editor->setProperty(UserEditedProperty, false);
        if (value == index.data(Qt::EditRole).toString() && !m_model->isPendingInsert(index.row()))
            return;
        const QString stored = editor->objectName() == QLatin1String("titleLineEdit") ? value.trimmed() : value;
        if (m_model->setData(index, stored, Qt::EditRole))
            m_form->afterCommit(index.row());
    }

private:
    WorkOrderForm* m_form;
    WorkOrderModel* m_model;
};

QLabel* fieldLabel(QWidget* parent, QWidget* buddy)
{
    auto* label = new QLabel(parent);
    label->setBuddy(buddy);
    QFont f = label->font();
    f.setPointSizeF(f.pointSizeF() * 0.9);
    label->setFont(f);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

WorkOrderForm::WorkOrderForm(WorkOrderModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_mapper(new QDataWidgetMapper(this))
{
    setObjectName(QStringLiteral("workOrderForm"));
    m_autosave.setSingleShot(true);
    m_autosave.setInterval(1200);
    connect(&m_autosave, &QTimer::timeout, this, [this] { commit(); });

    m_stack = new QStackedWidget(this);
    m_emptyLabel = new QLabel(m_stack);
    m_emptyLabel->setObjectName(QStringLiteral("formEmptyLabel"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(m_emptyLabel);

    auto* page = new QWidget(m_stack);
    m_stack->addWidget(page);

    m_heading = new QLabel(page);
    m_heading->setObjectName(QStringLiteral("formHeading"));
    QFont headingFont = m_heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.25);
    headingFont.setWeight(QFont::DemiBold);
    m_heading->setFont(headingFont);

    m_banner = new QFrame(page);
    m_banner->setObjectName(QStringLiteral("remoteChangeBanner"));
    m_banner->setStyleSheet(
        QStringLiteral("#remoteChangeBanner { background: #FFF8E1; border: 1px solid #FFE082; border-radius: 6px; }"));
    m_bannerLabel = new QLabel(m_banner);
    m_bannerLabel->setWordWrap(true);
    m_bannerClose = new QToolButton(m_banner);
    m_bannerClose->setIcon(Icons::icon(u"clear"));
    m_bannerClose->setAutoRaise(true);
    auto* bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(10, 6, 4, 6);
    bannerLayout->addWidget(m_bannerLabel, 1);
    bannerLayout->addWidget(m_bannerClose);
    m_banner->hide();
    connect(m_bannerClose, &QToolButton::clicked, m_banner, &QWidget::hide);

    m_title = new QLineEdit(page);
    m_title->setObjectName(QStringLiteral("titleLineEdit"));
    m_title->setClearButtonEnabled(false);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    m_title->setFont(titleFont);
    m_titleError = new QLabel(page);
    m_titleError->setObjectName(QStringLiteral("titleErrorLabel"));
    m_titleError->setStyleSheet(QStringLiteral("color: #C62828;"));
    m_titleError->hide();

    m_status = new QComboBox(page);
    m_status->setObjectName(QStringLiteral("statusCombo"));
    for (const QString& s : WorkOrder::statuses())
        m_status->addItem(QString(), s);
    m_priority = new QComboBox(page);
    m_priority->setObjectName(QStringLiteral("priorityCombo"));
    for (const QString& p : WorkOrder::priorities())
        m_priority->addItem(QString(), p);

    m_customer = new QLineEdit(page);
    m_customer->setObjectName(QStringLiteral("customerLineEdit"));
    m_site = new QLineEdit(page);
    m_site->setObjectName(QStringLiteral("siteLineEdit"));
    m_asset = new QLineEdit(page);
    m_asset->setObjectName(QStringLiteral("assetLineEdit"));
    m_assigned = new QLineEdit(page);
    m_assigned->setObjectName(QStringLiteral("assignedToLineEdit"));

    m_due = new QDateEdit(page);
    m_due->setObjectName(QStringLiteral("dueDateEdit"));
    m_due->setCalendarPopup(true);
    m_due->setMinimumDate(NoDueDate);
    m_due->setDate(NoDueDate);
    m_due->setDisplayFormat(QStringLiteral("ddd d MMM yyyy"));
    m_due->installEventFilter(this);
    m_clearDue = new QToolButton(page);
    m_clearDue->setObjectName(QStringLiteral("clearDueButton"));
    m_clearDue->setIcon(Icons::icon(u"clear"));
    m_clearDue->setAutoRaise(true);
    connect(m_clearDue, &QToolButton::clicked, this, [this] {
        m_due->setDate(NoDueDate);
        userEdited(m_due, true);
    });

    m_description = new QPlainTextEdit(page);
    m_description->setObjectName(QStringLiteral("descriptionEdit"));
    m_description->setTabChangesFocus(true);
    m_description->setMinimumHeight(80);
    m_notes = new QPlainTextEdit(page);
    m_notes->setObjectName(QStringLiteral("notesEdit"));
    m_notes->setTabChangesFocus(true);
    m_notes->setMinimumHeight(100);

    m_titleLabel = fieldLabel(page, m_title);
    m_statusLabel = fieldLabel(page, m_status);
    m_priorityLabel = fieldLabel(page, m_priority);
    m_customerLabel = fieldLabel(page, m_customer);
    m_siteLabel = fieldLabel(page, m_site);
    m_assetLabel = fieldLabel(page, m_asset);
    m_assignedLabel = fieldLabel(page, m_assigned);
    m_dueLabel = fieldLabel(page, m_due);
    m_descriptionLabel = fieldLabel(page, m_description);
    m_notesLabel = fieldLabel(page, m_notes);

    m_footer = new QLabel(page);
    m_footer->setObjectName(QStringLiteral("formFooter"));
    m_footer->setForegroundRole(QPalette::PlaceholderText);
    m_footer->setWordWrap(true);

    auto* dueRow = new QHBoxLayout;
    dueRow->setSpacing(2);
    dueRow->addWidget(m_due, 1);
    dueRow->addWidget(m_clearDue);

    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(3);
    int r = 0;
    grid->addWidget(m_titleLabel, r++, 0, 1, 2);
    grid->addWidget(m_title, r++, 0, 1, 2);
    grid->addWidget(m_titleError, r++, 0, 1, 2);
    grid->addItem(new QSpacerItem(0, 6), r++, 0);
    grid->addWidget(m_statusLabel, r, 0);
    grid->addWidget(m_priorityLabel, r++, 1);
    grid->addWidget(m_status, r, 0);
    grid->addWidget(m_priority, r++, 1);
    grid->addItem(new QSpacerItem(0, 6), r++, 0);
    grid->addWidget(m_dueLabel, r, 0);
    grid->addWidget(m_assignedLabel, r++, 1);
    grid->addLayout(dueRow, r, 0);
    grid->addWidget(m_assigned, r++, 1);
    grid->addItem(new QSpacerItem(0, 6), r++, 0);
    grid->addWidget(m_customerLabel, r, 0);
    grid->addWidget(m_assetLabel, r++, 1);
    grid->addWidget(m_customer, r, 0);
    grid->addWidget(m_asset, r++, 1);
    grid->addItem(new QSpacerItem(0, 6), r++, 0);
    grid->addWidget(m_siteLabel, r++, 0, 1, 2);
    grid->addWidget(m_site, r++, 0, 1, 2);
    grid->addItem(new QSpacerItem(0, 6), r++, 0);
    grid->addWidget(m_descriptionLabel, r++, 0, 1, 2);
    grid->addWidget(m_description, r++, 0, 1, 2);
    grid->setRowStretch(r - 1, 2);
    grid->addItem(new QSpacerItem(0, 6), r++, 0);
    grid->addWidget(m_notesLabel, r++, 0, 1, 2);
    grid->addWidget(m_notes, r++, 0, 1, 2);
    grid->setRowStretch(r - 1, 3);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);

    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(14, 12, 14, 10);
    pageLayout->setSpacing(8);
    pageLayout->addWidget(m_heading);
    pageLayout->addWidget(m_banner);
    pageLayout->addLayout(grid, 1);
    pageLayout->addWidget(m_footer);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    m_mapper->setModel(model);
    m_mapper->setItemDelegate(new FieldDelegate(this, model));
    m_mapper->setSubmitPolicy(QDataWidgetMapper::AutoSubmit);
    m_mapper->addMapping(m_title, model->fieldColumn(u"title"));
    m_mapper->addMapping(m_status, model->fieldColumn(u"status"));
    m_mapper->addMapping(m_priority, model->fieldColumn(u"priority"));
    m_mapper->addMapping(m_customer, model->fieldColumn(u"customer"));
    m_mapper->addMapping(m_site, model->fieldColumn(u"site"));
    m_mapper->addMapping(m_asset, model->fieldColumn(u"asset"));
    m_mapper->addMapping(m_assigned, model->fieldColumn(u"assigned_to"));
    m_mapper->addMapping(m_due, model->fieldColumn(u"due_at"));
    m_mapper->addMapping(m_description, model->fieldColumn(u"description"));
    m_mapper->addMapping(m_notes, model->fieldColumn(u"notes"));

    for (QLineEdit* edit : { m_title, m_customer, m_site, m_asset, m_assigned }) {
        connect(edit, &QLineEdit::textEdited, this, [this, edit] { userEdited(edit, false); });
        connect(edit, &QLineEdit::returnPressed, this, [this] { commit(); });
    }
    connect(m_title, &QLineEdit::textEdited, this, [this](const QString& text) {
        if (!text.trimmed().isEmpty())
            setTitleError(false);
    });
    for (QPlainTextEdit* edit : { m_description, m_notes }) {
        connect(edit, &QPlainTextEdit::textChanged, this, [this, edit] {
            if (!m_populating)
                userEdited(edit, false);
        });
    }
    for (QComboBox* combo : { m_status, m_priority })
        connect(combo, &QComboBox::activated, this, [this, combo] { userEdited(combo, true); });
    connect(m_due, &QDateEdit::dateChanged, this, [this] {
        if (!m_populating)
            userEdited(m_due, false);
    });
    connect(m_due, &QDateEdit::editingFinished, this, [this] { commit(); });
    for (QWidget* w : std::initializer_list<QWidget*> {
             m_title, m_customer, m_site, m_asset, m_assigned, m_status, m_priority, m_due, m_description, m_notes })
        w->installEventFilter(this);

    connect(model, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex& topLeft, const QModelIndex& bottomRight) {
            const int row = m_mapper->currentIndex();
            if (row >= topLeft.row() && row <= bottomRight.row())
                updateFooter();
        });
    connect(model, &QAbstractItemModel::modelReset, this, [this] { setCurrentRow(-1); });

    setTabOrder(m_title, m_status);
    setTabOrder(m_status, m_priority);
    setTabOrder(m_priority, m_due);
    setTabOrder(m_due, m_clearDue);
    setTabOrder(m_clearDue, m_assigned);
    setTabOrder(m_assigned, m_customer);
    setTabOrder(m_customer, m_asset);
    setTabOrder(m_asset, m_site);
    setTabOrder(m_site, m_description);
    setTabOrder(m_description, m_notes);

    setMinimumWidth(340);
    retranslateUi();
    setCurrentRow(-1);
}

QWidget* WorkOrderForm::firstField() const
{
    return m_title;
}

QWidget* WorkOrderForm::lastField() const
{
    return m_notes;
}

int WorkOrderForm::currentRow() const
{
    return m_stack->currentIndex() == 1 ? m_mapper->currentIndex() : -1;
}

void WorkOrderForm::setCurrentRow(int row)
{
    if (row == m_mapper->currentIndex() && row >= 0 && m_stack->currentIndex() == 1)
        return;
    m_autosave.stop();
    m_banner->hide();
    setTitleError(false);
    if (row < 0 || row >= m_model->rowCount()) {
        m_populating = true;
        m_mapper->setCurrentIndex(-1);
        m_populating = false;
        m_stack->setCurrentIndex(0);
        return;
    }
    m_stack->setCurrentIndex(1);
    m_populating = true;
    m_mapper->setCurrentIndex(row);
    m_populating = false;
    updateFooter();
}

bool WorkOrderForm::commit()
{
    m_autosave.stop();
    if (currentRow() < 0)
        return true;
    const bool ok = m_mapper->submit();
    return ok && m_titleError->isHidden();
}

void WorkOrderForm::focusTitle()
{
    if (currentRow() < 0)
        return;
    m_title->setFocus(Qt::OtherFocusReason);
    m_title->selectAll();
}

void WorkOrderForm::userEdited(QWidget* editor, bool immediate)
{
    if (m_populating)
        return;
    editor->setProperty(UserEditedProperty, true);
    if (immediate)
        commit();
    else
        m_autosave.start();
}

void WorkOrderForm::afterCommit(int row)
{
    if (m_model->isPendingInsert(row)
        && !m_model->index(row, m_model->fieldColumn(u"title")).data().toString().isEmpty())
        m_model->submitAll();
    updateFooter();
    Q_EMIT saved();
}

void WorkOrderForm::setTitleError(bool invalid)
{
    m_titleError->setVisible(invalid);
    m_title->setStyleSheet(
        invalid ? QStringLiteral("QLineEdit { border: 2px solid #C62828; border-radius: 3px; }") : QString());
}

void WorkOrderForm::noteRemoteChangeWhileEditing()
{
    m_banner->show();
}

void WorkOrderForm::updateFooter()
{
    const int row = currentRow();
    if (row < 0)
        return;
    auto value = [this, row](QStringView field) {
        return m_model->index(row, m_model->fieldColumn(field)).data(Qt::EditRole).toString();
    };
    if (m_model->isPendingInsert(row)) {
        m_heading->setText(tr("New work order"));
        m_footer->setText(tr("Type a title to create it. It is saved on this device at once."));
        return;
    }
    m_heading->setText(tr("Work order"));
    const QDateTime created = QDateTime::fromString(value(u"created_at"), Qt::ISODateWithMs);
    const QString state = WorkOrderModel::syncStateLabel(value(u"sync_status"));
    const QString createdText = created.isValid()
        ? QLocale().toString(created.toLocalTime().date(), QLocale::ShortFormat) + QLatin1Char(' ')
            + QLocale().toString(created.toLocalTime().time(), QLocale::ShortFormat)
        : value(u"created_at");
    m_footer->setText(tr("Created %1 · %2").arg(createdText, state));
}

bool WorkOrderForm::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Escape) {
            commit();
            Q_EMIT leaveRequested();
            return true;
        }
    }
    if (watched == m_due && event->type() == QEvent::MouseButtonPress && m_due->date() == NoDueDate) {
        m_due->calendarWidget()->setSelectedDate(QDate::currentDate());
        m_due->calendarWidget()->setCurrentPage(QDate::currentDate().year(), QDate::currentDate().month());
    }
    if (event->type() == QEvent::FocusOut && !m_populating) {
        auto* widget = qobject_cast<QWidget*>(watched);
        if (widget && widget->property(UserEditedProperty).toBool())
            QMetaObject::invokeMethod(
                this, [this] { commit(); }, Qt::QueuedConnection);
    }
    return QWidget::eventFilter(watched, event);
}

void WorkOrderForm::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void WorkOrderForm::retranslateUi()
{
    m_emptyLabel->setText(tr("Select a work order to see its details,\nor press Ctrl+N to create one."));
    m_titleLabel->setText(tr("&Title"));
    m_titleError->setText(tr("A title is required."));
    m_title->setPlaceholderText(tr("What needs to be done?"));
    m_statusLabel->setText(tr("&Status"));
    m_priorityLabel->setText(tr("&Priority"));
    m_customerLabel->setText(tr("&Customer"));
    m_siteLabel->setText(tr("Si&te address"));
    m_assetLabel->setText(tr("&Asset"));
    m_assignedLabel->setText(tr("Assi&gned to"));
    m_dueLabel->setText(tr("&Due date"));
    m_descriptionLabel->setText(tr("D&escription"));
    m_notesLabel->setText(tr("&Notes"));
    m_customer->setPlaceholderText(tr("Customer name"));
    m_site->setPlaceholderText(tr("Street, city"));
    m_asset->setPlaceholderText(tr("e.g. HVAC Unit 4B"));
    m_assigned->setPlaceholderText(tr("Technician"));
    m_description->setPlaceholderText(tr("What the customer reported"));
    m_notes->setPlaceholderText(tr("Findings, parts used, next steps…"));
    m_due->setSpecialValueText(tr("No due date"));
    m_clearDue->setToolTip(tr("Clear the due date"));
    m_bannerLabel->setText(tr("This work order was changed on another device while you were editing. "
                              "Your changes are kept; other fields show the latest values."));
    for (int i = 0; i < m_status->count(); ++i)
        m_status->setItemText(i, WorkOrderModel::statusLabel(m_status->itemData(i).toString()));
    for (int i = 0; i < m_priority->count(); ++i)
        m_priority->setItemText(i, WorkOrderModel::priorityLabel(m_priority->itemData(i).toString()));
    updateFooter();
}

} // namespace fieldsync
