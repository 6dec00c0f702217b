import type { Kazakh } from "./kk-shape";
import type { notificationsRu } from "./notifications.ru";

export const notificationsKk: Kazakh<typeof notificationsRu> = {
  title: "Хабарландырулар",
  empty: "Хабарландырулар жоқ",
  markAllRead: "Барлығын оқылды деп белгілеу",
  onlyUnread: "Тек оқылмағандар",
  showMore: "Тағы көрсету",
  unreadCount: "{{count}} оқылмаған",

  browser: "Қойынды фонда тұрғанда браузер хабарландырулары",
  kinds: {
    record_comment: "Сіздің жазбаңызға пікір",
    task_assigned: "Жаңа тапсырма",
    task_observer: "Сіз тапсырмада бақылаушысыз",
    task_comment: "Тапсырмаға пікір",
    task_control: "Тапсырма сіздің бақылауыңызды күтуде",
    task_done: "Тапсырма орындалды",
    task_returned: "Тапсырма пысықтауға қайтарылды",
    workflow_stalled: "Келісім тоқтап қалды",
    mention: "Сізді атап өтті",
    workflow_approval: "Сіздің келісіміңіз қажет",
    workflow_notice: "Бизнес-процесс",
    activity_assigned: "Сізге іс тағайындалды",
    message: "Хабарлама",
    deal_won: "Мәміле сәтті жабылды",
    bonus_approved: "Сыйақы бекітілді",
    event_invitation: "Кездесуге шақыру",
    event_changed: "Кездесу өзгертілді",
    event_response: "Шақыруға жауап",
    event_cancelled: "Кездесу болдырылмады",
    reminder: "Еске салу",
    feed_important: "Маңызды хабарландыру",
    feed_comment: "Лентадағы жазбаңызға пікір",
    other: "Хабарландыру",
  },
};
