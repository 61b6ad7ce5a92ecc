#include "WorkOrderDelegate.h"

#include "WorkOrderModel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace fieldsync {

void WorkOrderDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QVariant accent = index.data(WorkOrderModel::ColorRole);
    const QString secondary = index.data(WorkOrderModel::SecondaryTextRole).toString();
    if (!accent.isValid() && !secondary.isEmpty()) {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString primary = opt.text;
        opt.text.clear();
        const QWidget* widget = option.widget;
        QStyle* style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        const bool selected = opt.state & QStyle::State_Selected;
        const QRect area = option.rect.adjusted(8, 0, -6, 0);
        const QFontMetrics fm(option.font);
        const QString first = fm.elidedText(primary, Qt::ElideRight, area.width());
        const int used = fm.horizontalAdvance(first);
        painter->save();
        painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
        painter->drawText(area, Qt::AlignLeft | Qt::AlignVCenter, first);
        const QString rest = QStringLiteral(" · ") + secondary;
        const int restWidth = area.width() - used;
        if (restWidth > fm.horizontalAdvance(QStringLiteral(" · …"))) {
            QColor dim = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::PlaceholderText);
            if (selected)
                dim.setAlpha(190);
            painter->setPen(dim);
            painter->drawText(area.adjusted(used, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                fm.elidedText(rest, Qt::ElideRight, restWidth));
        }
        painter->restore();
        return;
    }
    if (!accent.isValid()) {
        QStyleOptionViewItem opt = option;
        opt.rect.adjust(4, 0, -2, 0);
        QStyledItemDelegate::paint(painter, opt, index);
        return;
    }

    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    if (text.isEmpty())
        return;

    const QColor color = accent.value<QColor>();
    QFont font = option.font;
    font.setWeight(QFont::DemiBold);
    font.setPointSizeF(font.pointSizeF() * 0.92);
    const QFontMetrics fm(font);
    const int padX = 8;
    const int height = fm.height() + 6;
    const int available = qMax(0, option.rect.width() - 12 - 2 * padX);
    const int textWidth = fm.horizontalAdvance(text) + 2;
    const QString shown = textWidth > available ? fm.elidedText(text, Qt::ElideRight, available) : text;
    const int width = qMin(textWidth, available) + 2 * padX;
    const QRect pill(option.rect.left() + 6, option.rect.center().y() - height / 2 + 1, width, height);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QColor fill = color;
    fill.setAlpha(opt.state & QStyle::State_Selected ? 235 : 34);
    QPainterPath path;
    path.addRoundedRect(QRectF(pill).adjusted(0.5, 0.5, -0.5, -0.5), height / 2.0, height / 2.0);
    painter->fillPath(path, fill);
    painter->setFont(font);
    painter->setPen(opt.state & QStyle::State_Selected ? QColor(Qt::white) : color.darker(115));
    painter->drawText(pill, Qt::AlignCenter, shown);
    painter->restore();
}

QSize WorkOrderDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(qMax(size.height() + 10, option.fontMetrics.height() + 14));
    size.setWidth(size.width() + 24);
    return size;
}

} // namespace fieldsync
