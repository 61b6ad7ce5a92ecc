#pragma once

#include <QPersistentModelIndex>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QDataWidgetMapper;
class QDateEdit;
class QFrame;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QStackedWidget;
class QToolButton;

namespace fieldsync {

class WorkOrderModel;

// The detail editor for one work order, bound to WorkOrderModel through a QDataWidgetMapper.
// Edits save by themselves: on focus-out, on Enter, on a combo or date choice, and after a short pause
// while typing; there is no Save button and no dialog. The title is required: an empty title is
// never written and the field shows why. A value the user is typing is never overwritten by a refresh;
// the form shows a quiet banner instead. GUI thread only.
class WorkOrderForm : public QWidget
{
    Q_OBJECT
public:
    explicit WorkOrderForm(WorkOrderModel* model, QWidget* parent = nullptr);

    void setCurrentRow(int row); // -1 shows the "nothing selected" page
    int currentRow() const;
    bool commit(); // writes pending values now; false when the title is invalid
    void focusTitle();
    QWidget* firstField() const;
    QWidget* lastField() const;
    void retranslateUi();

    // Called by the field delegate.
    void setTitleError(bool invalid);
    void noteRemoteChangeWhileEditing();
    void afterCommit(int row);
    bool isPopulating() const { return m_populating; }
    void setPopulating(bool on) { m_populating = on; }

Q_SIGNALS:
    void saved();
    void leaveRequested(); // Escape: back to the list

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void userEdited(QWidget* editor, bool immediate);
    void updateFooter();

    WorkOrderModel* m_model;
    QDataWidgetMapper* m_mapper;
    QTimer m_autosave;
    bool m_populating = false;
    QStackedWidget* m_stack;
    QLabel* m_emptyLabel;
    QLabel* m_heading;
    QLabel* m_footer;
    QFrame* m_banner;
    QLabel* m_bannerLabel;
    QToolButton* m_bannerClose;
    QLabel* m_titleLabel;
    QLineEdit* m_title;
    QLabel* m_titleError;
    QLabel* m_statusLabel;
    QComboBox* m_status;
    QLabel* m_priorityLabel;
    QComboBox* m_priority;
    QLabel* m_customerLabel;
    QLineEdit* m_customer;
    QLabel* m_siteLabel;
    QLineEdit* m_site;
    QLabel* m_assetLabel;
    QLineEdit* m_asset;
    QLabel* m_assignedLabel;
    QLineEdit* m_assigned;
    QLabel* m_dueLabel;
    QDateEdit* m_due;
    QToolButton* m_clearDue;
    QLabel* m_descriptionLabel;
    QPlainTextEdit* m_description;
    QLabel* m_notesLabel;
    QPlainTextEdit* m_notes;
};

} // namespace fieldsync
