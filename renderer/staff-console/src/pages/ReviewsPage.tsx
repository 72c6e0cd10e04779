// 好差评: ratings of 不满意 and 非常不满意 that need follow-up, with the notes staff add until one closes it.
import { useState } from 'react';
import { api, problemText } from '../api.ts';
import { useLoad } from '../load.ts';
import { beijing } from '../names.ts';

interface Review {
  submissionId: string;
  kioskCode: string;
  region: string;
  serviceId: string;
  ratedAcceptanceNumber: string | null;
  level: number;
  comment: string;
  ratedAt: string;
  resolved: boolean;
  followUps: { account: string; note: string; resolved: boolean; at: string }[];
}

function FollowUp({ review, onSaved }: { review: Review; onSaved: () => void }) {
  const [note, setNote] = useState('');
  const [resolved, setResolved] = useState(false);
  const [problem, setProblem] = useState('');
  const save = async () => {
    try {
      await api.post(`/reviews/${review.submissionId}/follow-ups`, { note: note.trim(), resolved });
      setNote('');
      onSaved();
    } catch (error) {
      setProblem(problemText(error));
    }
  };
  return (
    <div className="follow-up">
      <textarea value={note} onChange={(event) => setNote(event.target.value)} placeholder="跟进情况" />
      <label>
        <input type="checkbox" checked={resolved} onChange={(event) => setResolved(event.target.checked)} />
        已处理完毕
      </label>
      <button type="button" disabled={note.trim() === ''} onClick={() => void save()}>
        保存跟进
      </button>
      {problem && <p className="problem">{problem}</p>}
    </div>
  );
}

export function ReviewsPage() {
  const [all, setAll] = useState(false);
  const { data, problem, reload } = useLoad(
    () => api.get<{ reviews: Review[] }>(`/reviews${all ? '?all=1' : ''}`),
    String(all),
  );
  return (
    <section>
      <h1>好差评 · 待跟进的差评</h1>
      <label>
        <input type="checkbox" checked={all} onChange={(event) => setAll(event.target.checked)} />
        包括已处理的
      </label>
      {problem && <p className="problem">{problem}</p>}
      {data?.reviews.length === 0 && <p>没有待跟进的差评。</p>}
      {data?.reviews.map((review) => (
        <article key={review.submissionId} className="review" data-testid="review">
          <h2>
            {review.level === 5 ? '非常不满意' : '不满意'} · {review.serviceId} · {review.kioskCode}
            {review.resolved ? '（已处理）' : ''}
          </h2>
          <p>
            {beijing(review.ratedAt)} 评价 {review.ratedAcceptanceNumber ?? '（咨询）'}：
            {review.comment || '（未填写原因）'}
          </p>
          <ul>
            {review.followUps.map((note, index) => (
              <li key={index}>
                {beijing(note.at)} {note.account}：{note.note}
                {note.resolved ? '（已处理）' : ''}
              </li>
            ))}
          </ul>
          {!review.resolved && <FollowUp review={review} onSaved={reload} />}
        </article>
      ))}
    </section>
  );
}
