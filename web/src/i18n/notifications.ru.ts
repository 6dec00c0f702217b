/** The notification centre in the header. */
export const notificationsRu = {
  title: "Уведомления",
  empty: "Нет уведомлений",
  markAllRead: "Прочитать все",
  onlyUnread: "Только непрочитанные",
  showMore: "Показать ещё",
  unreadCount: "{{count}} непрочитанных",

  browser: "Уведомления браузера, когда вкладка в фоне",
  kinds: {
    record_comment: "Комментарий к вашей записи",
    task_assigned: "Новая задача",
    task_observer: "Вы наблюдатель в задаче",
    task_comment: "Комментарий к задаче",
    task_control: "Задача ждёт вашего контроля",
    task_done: "Задача выполнена",
    task_returned: "Задача возвращена на доработку",
    mention: "Вас упомянули",
    workflow_approval: "Нужно ваше согласование",
    workflow_notice: "Бизнес-процесс",
    workflow_stalled: "Согласование зависло",
    activity_assigned: "Вам назначено дело",
    message: "Сообщение",
    deal_won: "Сделка выиграна",
    bonus_approved: "Премия утверждена",
    other: "Уведомление",
  },
};
